import { useMemo } from 'react';
import type { z } from 'zod';
import { operationConfigSchema } from '../../../../nodes/connector.openapi/operation-config.js';
import type { ResolvedOperation } from '../../../../nodes/connector.openapi/operation.js';
import { CONNECTOR_OPENAPI_TYPE } from '../../../../nodes/connector.openapi/spec.js';
import { useWorkspace } from '../../app/workspace.js';
import { useApiConnector } from '../../settings/api-connectors-api.js';

/** The stored operation an API connector step calls, and the config schema its form is drawn from. */
export interface OperationForm {
  readonly resolved: ResolvedOperation | undefined;
  readonly schema: z.ZodType | undefined;
  /** Why the operation cannot be shown: still loading, not found, or failed to load. */
  readonly state: 'none' | 'loading' | 'missing' | 'error' | 'ready';
}

/**
 * For a `connector.openapi` step: its operation (connector, version and id from the config) and
 * the config schema made from it (`operationConfigSchema`), so the one schema renderer draws the
 * operation's parameters and body fields. Other node types get `state: 'none'`.
 */
export function useOperationForm(type: string | undefined, config: Readonly<Record<string, unknown>> | undefined): OperationForm {
  const { tenant } = useWorkspace();
  const isOperation = type === CONNECTOR_OPENAPI_TYPE;
  const connectorId = isOperation && typeof config?.connectorId === 'string' ? config.connectorId : undefined;
  const version = typeof config?.version === 'number' ? config.version : undefined;
  const operationId = typeof config?.operationId === 'string' ? config.operationId : undefined;
  const connector = useApiConnector(tenant.id, connectorId, version);
  return useMemo<OperationForm>(() => {
    if (!isOperation) return { resolved: undefined, schema: undefined, state: 'none' };
    if (connector.isPending && connectorId !== undefined) return { resolved: undefined, schema: undefined, state: 'loading' };
    if (connector.isError) return { resolved: undefined, schema: undefined, state: connector.error instanceof Error && /not found/i.test(connector.error.message) ? 'missing' : 'error' };
    const operation = connector.data?.operations.find((candidate) => candidate.id === operationId);
    if (!connector.data || !operation) return { resolved: undefined, schema: undefined, state: 'missing' };
    const resolved: ResolvedOperation = { connectorName: connector.data.name, baseUrl: connector.data.versionBaseUrl, operation, securitySchemes: connector.data.securitySchemes };
    return { resolved, schema: operationConfigSchema(resolved), state: 'ready' };
  }, [isOperation, connector.isPending, connector.isError, connector.error, connector.data, connectorId, operationId]);
}
