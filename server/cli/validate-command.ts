import { formatPath, validateWorkflow } from '../../runtime/definition/index.js';
import { nodeCatalog } from '../../nodes/catalog.js';
import { readWorkflowFile } from './read-workflow-file.js';

/** `flowgate validate <file>`: prints each problem as `path: message`; 0 when valid, 1 when not. */
export function validateCommand(path: string, print: (line: string) => void): number {
  const definition = readWorkflowFile(path);
  const problems = validateWorkflow(definition, nodeCatalog);
  if (problems.length === 0) {
    print(`${path}: valid`);
    return 0;
  }
  for (const problem of problems) print(`${formatPath(problem.path)}: ${problem.message}`);
  return 1;
}
