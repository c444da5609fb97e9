import { canonicalJson } from '../../../../runtime/expressions/index.js';
import { toDefinition, toFlow } from '../../editor/model/flow-graph.js';

/** A definition as the canvas would save it, as canonical JSON: drafts and versions that differ only in defaults or key order read the same. */
export function definitionKey(definition: Record<string, unknown>): string {
  const flow = toFlow(definition);
  return canonicalJson(toDefinition(flow.meta, flow.nodes, flow.edges));
}

/** Whether two definitions (a draft, a version) would run and look the same. */
export function sameDefinition(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return definitionKey(a) === definitionKey(b);
}
