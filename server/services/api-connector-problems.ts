import { CONNECTOR_OPENAPI_TYPE } from '../../nodes/connector.openapi/spec.js';
import { checkOperationConfig } from '../../nodes/connector.openapi/operation-config.js';
import type { ValidationProblem } from '../../runtime/definition/index.js';
import type { ApiConnectorService } from './api-connectors.js';

/**
 * The problems of a definition's API connector steps against the operations they name, as the
 * tenant sees them: a connector that was removed or is not visible, a version or operation that
 * does not exist, and configs that do not fit the operation (unknown or missing parameters,
 * literals of the wrong type), each at its path in the definition. The generic checks
 * (`validateWorkflow`) come first; steps whose config they already refuse are left to them.
 */
export async function apiConnectorProblems(connectors: ApiConnectorService, tenantId: string, definition: unknown): Promise<ValidationProblem[]> {
  const nodes = typeof definition === 'object' && definition !== null ? (definition as { nodes?: unknown }).nodes : undefined;
  if (!Array.isArray(nodes)) return [];
  const problems: ValidationProblem[] = [];
  for (const [index, raw] of (nodes as unknown[]).entries()) {
    if (typeof raw !== 'object' || raw === null) continue;
    const node = raw as { id?: unknown; type?: unknown; config?: unknown };
    if (node.type !== CONNECTOR_OPENAPI_TYPE || typeof node.id !== 'string' || typeof node.config !== 'object' || node.config === null) continue;
    const config = node.config as { connectorId?: unknown; version?: unknown; operationId?: unknown };
    if (typeof config.connectorId !== 'string' || typeof config.version !== 'number' || typeof config.operationId !== 'string') continue;
    const at = (...path: (string | number)[]) => ['nodes', index, 'config', ...path];
    const report = (path: (string | number)[], message: string) => problems.push({ code: 'config', path: at(...path), message, nodeId: node.id as string });
    const latest = await connectors.latestVersion(tenantId, config.connectorId);
    if (latest === undefined) {
      report(['connectorId'], 'the API connector does not exist or was removed; choose an operation of another connector');
      continue;
    }
    if (config.version > latest) {
      report(['version'], `the API connector has no version ${config.version} (newest is ${latest})`);
      continue;
    }
    const resolved = await connectors.operation(tenantId, config.connectorId, config.version, config.operationId);
    if (resolved === undefined) {
      report(['operationId'], `version ${config.version} of the API connector has no operation "${config.operationId}"`);
      continue;
    }
    for (const problem of checkOperationConfig(resolved, config)) report(problem.path, problem.message);
  }
  return problems;
}
