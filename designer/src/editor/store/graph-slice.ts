import { applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange } from '@xyflow/react';
import type { StateCreator } from 'zustand';
import { nodeCatalog } from '../../../../nodes/catalog.js';
import type { WorkflowDefinition } from '../../../../runtime/definition/index.js';
import { withPositions } from '../model/auto-layout.js';
import { pastePayload, type ClipboardPayload } from '../model/clipboard.js';
import { checkConnection, type Verdict } from '../model/connection-rules.js';
import { freshId, toFlow, type DefinitionMeta, type FlowEdge, type FlowNode, type WorkflowNodeData } from '../model/flow-graph.js';
import { uniqueName } from '../model/node-names.js';
import type { EditorState } from './editor-store.js';

/** The workflow being edited: everything undo and redo cover. */
export interface GraphSlice {
  meta: DefinitionMeta;
  nodes: FlowNode[];
  edges: FlowEdge[];
  onNodesChange: (changes: NodeChange<FlowNode>[]) => void;
  onEdgesChange: (changes: EdgeChange<FlowEdge>[]) => void;
  /** Adds the edge if the rules allow it; otherwise says why not. */
  connect: (connection: Connection) => Verdict;
  /** Adds a node of the catalog's newest version of `type`, selected, at `position`, named after its type ("Transform 2" when "Transform" is taken). */
  /** Adds a node of the type's newest version; `preset` gives its name and first config (an imported API operation). */
  addNode: (type: string, position: { x: number; y: number }, preset?: NodePreset) => string | undefined;
  updateNode: (id: string, patch: Partial<WorkflowNodeData>) => void;
  deleteSelected: () => void;
  paste: (payload: ClipboardPayload, offset: { x: number; y: number }) => void;
  /** Moves the nodes the map names (an auto-layout's result) in one edit; the others stay. */
  moveNodes: (positions: ReadonlyMap<string, { x: number; y: number }>) => void;
  setMeta: (patch: Partial<DefinitionMeta>) => void;
  /** Replaces the whole graph (loading a workflow, applying the JSON view, reloading after a conflict). */
  replaceAll: (definition: WorkflowDefinition | Record<string, unknown>) => void;
  selectNode: (id: string | null) => void;
  /** Selects every node and edge (Ctrl/Cmd+A). */
  selectAll: () => void;
  /** Selects exactly this edge (and no node), e.g. from a problem about it. */
  selectEdge: (id: string) => void;
}

/** What a palette entry presets on the node it adds: a name and config (an imported API operation's connector, version and id). */
export interface NodePreset {
  readonly name?: string;
  readonly config?: Readonly<Record<string, unknown>>;
}

/** `items` with exactly `ids` selected; the same array when that is already so (nothing downstream wakes up). */
function select<T extends { id: string; selected?: boolean }>(items: T[], ids: ReadonlySet<string>): T[] {
  let changed = false;
  const next = items.map((item) => {
    if (Boolean(item.selected) === ids.has(item.id)) return item;
    changed = true;
    return { ...item, selected: ids.has(item.id) };
  });
  return changed ? next : items;
}

/** Node changes a read-only canvas still applies: selecting, and React Flow measuring what it drew. */
const VIEW_NODE_CHANGES: ReadonlySet<NodeChange['type']> = new Set(['select', 'dimensions']);

/** Why a read-only editor refuses a connection. */
const READ_ONLY: Verdict = { ok: false, reason: 'this workflow is open read-only' };

/**
 * The graph slice: React Flow's controlled state plus the domain edits, as xyflow's zustand example
 * does. In a read-only store every edit is refused here, at the one place all edits pass: only
 * selection and measuring change the graph, and `replaceAll` loads what is shown.
 */
export const createGraphSlice: StateCreator<EditorState, [], [], GraphSlice> = (set, get) => {
  /** Runs an edit unless the store is read-only (then returns `refused`). */
  const edit =
    <Args extends unknown[], Result>(action: (...args: Args) => Result, refused: Result) =>
    (...args: Args): Result =>
      get().readOnly ? refused : action(...args);
  return {
    meta: { name: 'Untitled', description: '', params: [], settings: {} },
    nodes: [],
    edges: [],
    onNodesChange: (changes) => {
      const allowed = get().readOnly ? changes.filter((change) => VIEW_NODE_CHANGES.has(change.type)) : changes;
      if (allowed.length > 0) set({ nodes: applyNodeChanges(allowed, get().nodes) });
    },
    onEdgesChange: (changes) => {
      const allowed = get().readOnly ? changes.filter((change) => change.type === 'select') : changes;
      if (allowed.length > 0) set({ edges: applyEdgeChanges(allowed, get().edges) });
    },
    connect: edit((connection: Connection): Verdict => {
      const { nodes, edges } = get();
      const verdict = checkConnection(connection, nodes, edges, nodeCatalog);
      if (!verdict.ok) return verdict;
      const id = freshId('e', new Set(edges.map((edge) => edge.id)));
      const edge: FlowEdge = {
        id,
        source: connection.source,
        target: connection.target,
        sourceHandle: connection.sourceHandle as string,
        targetHandle: connection.targetHandle as string,
      };
      set({ edges: [...edges, edge] });
      return verdict;
    }, READ_ONLY),
    addNode: edit((type: string, position: { x: number; y: number }, preset?: NodePreset): string | undefined => {
      const spec = nodeCatalog.latest(type);
      if (!spec) return undefined;
      const { nodes } = get();
      const id = freshId(type.split('.').pop() ?? 'node', new Set(nodes.map((node) => node.id)));
      const node: FlowNode = {
        id,
        type: 'workflow',
        position,
        selected: true,
        data: {
          type: spec.type,
          version: spec.version,
          name: uniqueName(preset?.name ?? spec.title, nodes.map((existing) => existing.data.name)),
          config: { ...preset?.config },
        },
      };
      set({ nodes: [...select(nodes, new Set()), node], edges: select(get().edges, new Set()) });
      return id;
    }, undefined),
    updateNode: edit((id: string, patch: Partial<WorkflowNodeData>) => {
      set({ nodes: get().nodes.map((node) => (node.id === id ? { ...node, data: { ...node.data, ...patch } } : node)) });
    }, undefined),
    deleteSelected: edit(() => {
      const { nodes, edges } = get();
      const removed = new Set(nodes.filter((node) => node.selected).map((node) => node.id));
      set({
        nodes: nodes.filter((node) => !removed.has(node.id)),
        edges: edges.filter((edge) => !edge.selected && !removed.has(edge.source) && !removed.has(edge.target)),
      });
    }, undefined),
    paste: edit((payload: ClipboardPayload, offset: { x: number; y: number }) => {
      const { nodes, edges } = get();
      const taken = { nodeIds: new Set(nodes.map((node) => node.id)), edgeIds: new Set(edges.map((edge) => edge.id)), names: nodes.map((node) => node.data.name) };
      const pasted = pastePayload(payload, taken, offset);
      set({ nodes: [...select(nodes, new Set()), ...pasted.nodes], edges: [...select(edges, new Set()), ...pasted.edges] });
    }, undefined),
    moveNodes: edit((positions: ReadonlyMap<string, { x: number; y: number }>) => set({ nodes: withPositions(get().nodes, positions) }), undefined),
    setMeta: edit((patch: Partial<DefinitionMeta>) => set({ meta: { ...get().meta, ...patch } }), undefined),
    replaceAll: (definition) => {
      const flow = toFlow(definition);
      const selected = new Set(get().nodes.filter((node) => node.selected).map((node) => node.id));
      set({ meta: flow.meta, nodes: select(flow.nodes, selected), edges: flow.edges });
    },
    selectNode: (id) => {
      const ids = new Set(id === null ? [] : [id]);
      set({ nodes: select(get().nodes, ids), edges: select(get().edges, new Set()) });
    },
    selectAll: () => {
      const { nodes, edges } = get();
      set({ nodes: select(nodes, new Set(nodes.map((node) => node.id))), edges: select(edges, new Set(edges.map((edge) => edge.id))) });
    },
    selectEdge: (id) => set({ nodes: select(get().nodes, new Set()), edges: select(get().edges, new Set([id])) }),
  };
};
