import { formatPath, validateWorkflow, type NodeCatalog, type ProblemCode, type ValidationProblem } from '../../../../runtime/definition/index.js';
import { toDefinition, toFlow } from './flow-graph.js';

/**
 * Problems that stop a JSON edit from reaching the canvas: the document is not a well-formed
 * definition (`schema`), or the canvas could not show it as written — duplicate ids, edges to
 * nodes or ports that do not exist, node types it has no spec (ports, form) for. Everything else
 * (config values, expressions, cycles, unreachable nodes, no trigger) is applied and listed as a
 * problem, exactly as after the same edit on the canvas.
 */
export const BLOCKING_CODES: ReadonlySet<ProblemCode> = new Set(['schema', 'duplicate-id', 'dangling-edge', 'unknown-port', 'unknown-node-type']);

/** What to do with the JSON view's text. */
export type JsonEditDecision =
  /** Apply `definition` to the canvas; `problems` are the (non-blocking) ones it still has. */
  | { readonly kind: 'apply'; readonly definition: Record<string, unknown>; readonly problems: readonly ValidationProblem[] }
  /** The text says what the canvas already shows (formatting or key order aside). */
  | { readonly kind: 'unchanged'; readonly problems: readonly ValidationProblem[] }
  /** Not applied, because of `reason`; `problems` are all the validator found (none when the text is not JSON). */
  | { readonly kind: 'refuse'; readonly reason: string; readonly problems: readonly ValidationProblem[] };

/**
 * Decides whether an edit in the JSON view is applied to the canvas: the text must parse as a
 * JSON object, and the shared validator must find no {@link BLOCKING_CODES} problem in it.
 * `current` is `JSON.stringify(toDefinition(...))` of the canvas, to tell a real change from a
 * formatting one.
 */
export function decideJsonEdit(text: string, current: string, catalog: NodeCatalog): JsonEditDecision {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { kind: 'refuse', reason: `Not applied: the text is not valid JSON (${error instanceof Error ? error.message : String(error)}).`, problems: [] };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { kind: 'refuse', reason: 'Not applied: a workflow definition is a JSON object.', problems: [] };
  }
  const problems = validateWorkflow(parsed, catalog);
  const blocking = problems.filter((problem) => BLOCKING_CODES.has(problem.code));
  const [first] = blocking;
  if (first) {
    const more = blocking.length > 1 ? ` (and ${blocking.length - 1} more)` : '';
    return { kind: 'refuse', reason: `Not applied: ${formatPath(first.path)}: ${first.message}${more}.`, problems };
  }
  const definition = parsed as Record<string, unknown>;
  const flow = toFlow(definition);
  if (JSON.stringify(toDefinition(flow.meta, flow.nodes, flow.edges)) === current) return { kind: 'unchanged', problems };
  return { kind: 'apply', definition, problems };
}
