import { z } from 'zod';
import { allows } from '../auth/permissions.js';
import type { TenantAccess } from '../auth/tenant-access.js';
import {
  apiConnectorImportResultSchema,
  apiConnectorImportSchema,
  apiConnectorParams,
  apiConnectorReimportSchema,
  apiConnectorSchema,
  apiConnectorSummarySchema,
  apiConnectorVersionQuery,
} from '../contract/api-connectors.js';
import { tenantParams } from '../contract/common.js';
import { audited } from '../http/audit.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { importDocument } from '../openapi/import-document.js';
import type { ConnectorScope } from '../services/api-connectors.js';

function scopeOf(access: TenantAccess): ConnectorScope {
  return { tenantId: access.tenant.id, kind: access.tenant.kind, parentId: access.tenant.parentId };
}

/** Whether the caller may change the connectors here: owners, in the partner workspace. */
function editable(access: TenantAccess): boolean {
  return access.tenant.kind === 'partner' && allows(access.roles, 'connector.manage');
}

/**
 * API connectors imported from OpenAPI documents: a partner's owners import, re-import and remove
 * them in the partner workspace; the partner's members and its customers' read them (operations
 * with their parameters, body and answer schemas) to build workflows.
 */
export const apiConnectorRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/api-connectors',
    summary: "API connectors imported from OpenAPI documents: the partner's own, or (in a customer workspace) its partner's, read-only",
    tags: ['api-connectors'],
    access: { kind: 'tenant', permission: 'workflow.read' },
    params: tenantParams,
    response: z.array(apiConnectorSummarySchema),
    handler: ({ app, tenant }) => app.apiConnectors.list(scopeOf(tenant), editable(tenant)),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/api-connectors',
    summary: 'Import an OpenAPI 3.0/3.1 document (JSON or YAML text) as a new API connector (owners of a partner workspace)',
    tags: ['api-connectors'],
    access: { kind: 'tenant', permission: 'connector.manage' },
    status: 201,
    params: tenantParams,
    body: apiConnectorImportSchema,
    response: apiConnectorImportResultSchema,
    errors: { 409: 'A connector of that name exists', 422: 'The document cannot be imported (malformed or unsupported), with where' },
    handler: async (call) => {
      const scope = scopeOf(call.tenant);
      call.app.apiConnectors.assertOwnerWorkspace(scope);
      const parsed = importDocument(call.body.document, call.body.baseUrl);
      const created = await audited(
        call,
        'api-connector.import',
        (result) => ({ type: 'api-connector', id: result.id }),
        () => call.app.apiConnectors.create(scope, call.auth?.user.id ?? call.service?.accountId ?? '', call.body.name, call.body.document, parsed),
        (result) => ({ details: { name: result.name, version: result.version, operations: result.operationCount, baseUrl: result.baseUrl } }),
      );
      return { ...created, diff: null };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/api-connectors/:connectorId',
    summary: 'One API connector with its operations (parameters, body and answer schemas) and security schemes, at its newest version or ?version=N',
    tags: ['api-connectors'],
    access: { kind: 'tenant', permission: 'workflow.read' },
    params: apiConnectorParams,
    query: apiConnectorVersionQuery,
    response: apiConnectorSchema,
    handler: ({ app, tenant, params, query }) => app.apiConnectors.get(scopeOf(tenant), params.connectorId, editable(tenant), query.version),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/api-connectors/:connectorId/versions',
    summary: 'Re-import a new document as the next version; answers which operations were added, removed or changed. Workflows keep the version they name.',
    tags: ['api-connectors'],
    access: { kind: 'tenant', permission: 'connector.manage' },
    status: 201,
    params: apiConnectorParams,
    body: apiConnectorReimportSchema,
    response: apiConnectorImportResultSchema,
    errors: { 422: 'The document cannot be imported (malformed or unsupported), with where' },
    handler: async (call) => {
      const scope = scopeOf(call.tenant);
      call.app.apiConnectors.assertOwnerWorkspace(scope);
      const parsed = importDocument(call.body.document, call.body.baseUrl);
      return await audited(
        call,
        'api-connector.reimport',
        { type: 'api-connector', id: call.params.connectorId },
        () => call.app.apiConnectors.reimport(scope, call.params.connectorId, call.auth?.user.id ?? call.service?.accountId ?? '', call.body.document, parsed),
        (result) => ({ details: { name: result.name, version: result.version, diff: result.diff } }),
      );
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/v1/tenants/:tenantId/api-connectors/:connectorId',
    summary: 'Remove an API connector (owners of the partner workspace); refused (409) while an active workflow version of the partner or a customer uses it',
    tags: ['api-connectors'],
    access: { kind: 'tenant', permission: 'connector.manage' },
    params: apiConnectorParams,
    response: apiConnectorSummarySchema,
    errors: { 409: 'An active workflow version uses the connector' },
    handler: async (call) =>
      await audited(
        call,
        'api-connector.remove',
        { type: 'api-connector', id: call.params.connectorId },
        () => call.app.apiConnectors.remove(scopeOf(call.tenant), call.params.connectorId),
        (result) => ({ details: { name: result.name } }),
      ),
  }),
];
