import { nodeCatalog } from '../../../../nodes/catalog.js';
import { formatPath, validateWorkflow } from '../../../../runtime/definition/index.js';
import type { Problem } from '../../app/api-types.js';

/**
 * Runs the shared validator off the main thread: a definition in, its problems out (paths
 * formatted with `formatPath`). Validating 1,000 nodes takes a few hundred milliseconds, which on
 * the main thread would stall every keystroke.
 */
self.onmessage = (event: MessageEvent<unknown>) => {
  const problems: Problem[] = validateWorkflow(event.data, nodeCatalog).map((problem) => ({
    code: problem.code,
    path: formatPath(problem.path),
    message: problem.message,
    ...(problem.nodeId !== undefined ? { nodeId: problem.nodeId } : {}),
    ...(problem.edgeId !== undefined ? { edgeId: problem.edgeId } : {}),
  }));
  self.postMessage(problems);
};
