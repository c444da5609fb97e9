import { formatPath, validateWorkflow, type JsonObject } from '../../runtime/definition/index.js';
import { nodeCatalog } from '../../nodes/catalog.js';
import { workflow } from '../support/definitions.js';

/**
 * What the validator (designer, server, runtime) reports for a node of `type` saved with `config`
 * behind a manual trigger: "<code> <path inside the config>" per problem. Unlike parsing the
 * schema directly, this leaves json-logic rules to the expression check, as a saved definition is.
 */
export function savedConfigProblems(type: string, config: JsonObject): string[] {
  const definition = workflow(
    [
      { id: 'start', type: 'trigger.manual' },
      { id: 'node', type, config },
    ],
    [['start', 'out', 'node']],
  );
  return validateWorkflow(definition, nodeCatalog).map((problem) => {
    const [, , , ...inside] = problem.path;
    return `${problem.code} ${problem.path[2] === 'config' ? formatPath(inside) : formatPath(problem.path)}`;
  });
}
