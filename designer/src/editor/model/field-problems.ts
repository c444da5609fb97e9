import type { Problem } from '../../app/api-types.js';

/**
 * Where in its node a problem is, formatted from the node (`config.cases[0].port`, `retry`,
 * `name`): the problem's path without its `nodes[<index>]` prefix. Undefined for problems of the
 * node as a whole, of edges and of the workflow.
 */
export function problemField(problem: Pick<Problem, 'path'>): string | undefined {
  const match = /^nodes\[\d+\][.[]?/.exec(problem.path);
  if (!match) return undefined;
  const rest = problem.path.slice(match[0].length - (match[0].endsWith('[') ? 1 : 0));
  return rest === '' ? undefined : rest;
}

/** Whether the formatted path `path` is `field` or inside it (`config.rule.and[0]` is inside `config.rule`). */
function isWithin(path: string, field: string): boolean {
  if (!path.startsWith(field)) return false;
  const next = path.charAt(field.length);
  return next === '' || next === '.' || next === '[';
}

/**
 * Where a workflow-level problem is (`params[0].name`, `settings.slaMinutes`): its path, for
 * problems outside nodes and edges; undefined otherwise.
 */
export function workflowField(problem: Pick<Problem, 'path' | 'nodeId' | 'edgeId'>): string | undefined {
  if (problem.nodeId !== undefined || problem.edgeId !== undefined || problem.path === '$' || /^(nodes|edges)\b/.test(problem.path)) return undefined;
  return problem.path;
}

/**
 * Assigns each problem to the field it belongs to: the deepest of `fieldIds` that holds the
 * problem's field (by default its place in its node, see {@link problemField}). Problems that fit
 * no field (the node as a whole, or a field not shown) are returned under the key `''`.
 */
export function assignProblems(
  problems: readonly Problem[],
  fieldIds: readonly string[],
  fieldOf: (problem: Problem) => string | undefined = problemField,
): Map<string, Problem[]> {
  const byField = new Map<string, Problem[]>();
  for (const problem of problems) {
    const field = fieldOf(problem);
    const owner = (field !== undefined ? fieldFor(field, fieldIds) : undefined) ?? '';
    byField.set(owner, [...(byField.get(owner) ?? []), problem]);
  }
  return byField;
}

/** The deepest of `fieldIds` that holds the formatted path `target`, if any. */
export function fieldFor(target: string, fieldIds: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const id of fieldIds) if (isWithin(target, id) && (best === undefined || id.length > best.length)) best = id;
  return best;
}
