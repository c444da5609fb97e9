import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiConnector, ApiConnectorSummary, OperationDiffView } from '../../../server/contract/api-connectors.js';
import { api } from '../app/api-client.js';
import { settingsKeys } from './api.js';

const path = (tenantId: string) => `/api/v1/tenants/${encodeURIComponent(tenantId)}/api-connectors`;

/** Query keys of a workspace's API connectors: the list, and one connector at a version (or its newest). */
export const apiConnectorKeys = {
  all: (tenantId: string) => ['api-connectors', tenantId] as const,
  list: (tenantId: string) => ['api-connectors', tenantId, 'list'] as const,
  one: (tenantId: string, connectorId: string, version: number | undefined) => ['api-connectors', tenantId, 'one', connectorId, version ?? 'newest'] as const,
};

/** The API connectors the workspace sees (its partner's, in a customer workspace). */
export function useApiConnectors(tenantId: string) {
  return useQuery({ queryKey: apiConnectorKeys.list(tenantId), queryFn: () => api<ApiConnectorSummary[]>('GET', path(tenantId)) });
}

function connectorQuery(tenantId: string, connectorId: string, version: number | undefined) {
  return {
    queryKey: apiConnectorKeys.one(tenantId, connectorId, version),
    queryFn: () => api<ApiConnector>('GET', `${path(tenantId)}/${encodeURIComponent(connectorId)}${version === undefined ? '' : `?version=${version}`}`),
    // A stored version never changes.
    staleTime: version === undefined ? 0 : Infinity,
  };
}

/** One connector with its operations, at `version` (its newest when undefined). */
export function useApiConnector(tenantId: string, connectorId: string | undefined, version?: number) {
  return useQuery({ ...connectorQuery(tenantId, connectorId ?? '', version), enabled: connectorId !== undefined && connectorId !== '' });
}

/** Every connector of the list at its newest version, for the palette. */
export function useNewestApiConnectors(tenantId: string, summaries: readonly ApiConnectorSummary[]) {
  return useQueries({ queries: summaries.map((summary) => connectorQuery(tenantId, summary.id, summary.version)) });
}

/** What an import or re-import answers: the connector, and for a re-import what changed. */
export type ImportResult = ApiConnector & { diff: OperationDiffView | null };

/** Importing, re-importing and removing; each refreshes the connectors and the audit log. */
export function useApiConnectorActions(tenantId: string) {
  const client = useQueryClient();
  const refresh = async () => {
    await Promise.all([client.invalidateQueries({ queryKey: apiConnectorKeys.all(tenantId) }), client.invalidateQueries({ queryKey: settingsKeys.audit(tenantId) })]);
  };
  const change = <Input, Output>(fn: (input: Input) => Promise<Output>) => ({ mutationFn: fn, onSuccess: refresh });
  return {
    importDocument: useMutation(change((body: { name: string; document: string; baseUrl?: string }) => api<ImportResult>('POST', path(tenantId), body))),
    reimport: useMutation(
      change((input: { connectorId: string; document: string; baseUrl?: string }) =>
        api<ImportResult>('POST', `${path(tenantId)}/${encodeURIComponent(input.connectorId)}/versions`, { document: input.document, ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}) }),
      ),
    ),
    remove: useMutation(change((connectorId: string) => api<ApiConnectorSummary>('DELETE', `${path(tenantId)}/${encodeURIComponent(connectorId)}`))),
  };
}
