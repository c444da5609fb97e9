import { useDeferredValue, useMemo } from 'react';
import { toDefinition, type DefinitionMeta, type FlowEdge, type FlowNode } from '../model/flow-graph.js';
import { useEditorStore, type EditorState } from '../store/editor-store.js';

/** The parts of the store the definition's JSON is made of. */
interface DefinitionInput {
  readonly meta: DefinitionMeta;
  readonly nodes: readonly FlowNode[];
  readonly edges: readonly FlowEdge[];
}

let seen: DefinitionInput | undefined;
let input: DefinitionInput | undefined;

/** The same input until the definition's content changes: selection and measuring never change the JSON. */
function selectDefinitionInput(state: EditorState): DefinitionInput {
  if (seen && input && seen.meta === state.meta && seen.nodes === state.nodes && seen.edges === state.edges) return input;
  seen = { meta: state.meta, nodes: state.nodes, edges: state.edges };
  if (!input || input.meta !== state.meta || !sameNodes(input.nodes, state.nodes) || !sameEdges(input.edges, state.edges)) input = seen;
  return input;
}

function sameNodes(a: readonly FlowNode[], b: readonly FlowNode[]): boolean {
  return (
    a.length === b.length &&
    a.every((node, index) => {
      const other = b[index];
      return other !== undefined && node.id === other.id && node.data === other.data && Math.round(node.position.x) === Math.round(other.position.x) && Math.round(node.position.y) === Math.round(other.position.y);
    })
  );
}

function sameEdges(a: readonly FlowEdge[], b: readonly FlowEdge[]): boolean {
  return (
    a.length === b.length &&
    a.every((edge, index) => {
      const other = b[index];
      return other !== undefined && edge.id === other.id && edge.source === other.source && edge.target === other.target && edge.sourceHandle === other.sourceHandle && edge.targetHandle === other.targetHandle;
    })
  );
}

/** The definition's JSON as the JSON view shows it (two-space indented). */
export function definitionText(state: DefinitionInput): string {
  return JSON.stringify(toDefinition(state.meta, state.nodes, state.edges), null, 2);
}

/** The canvas's definition as JSON text, recomputed (deferred) only when its content changes. */
export function useDefinitionText(): string {
  const deferred = useDeferredValue(useEditorStore(selectDefinitionInput));
  return useMemo(() => definitionText(deferred), [deferred]);
}
