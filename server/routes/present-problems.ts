import { formatPath } from '../../runtime/definition/index.js';

/** Problems with their paths as text, as the API shows them. */
export function presentProblems<T extends { problems: readonly { code: string; path: readonly (string | number)[]; message: string; nodeId?: string; edgeId?: string }[] }>(detail: T) {
  return { ...detail, problems: detail.problems.map((problem) => ({ ...problem, path: formatPath(problem.path) })) };
}
