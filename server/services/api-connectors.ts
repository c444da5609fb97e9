import { randomBytes } from 'node:crypto';
import type { ResolvedOperation } from '../../nodes/connector.openapi/operation.js';
import { CONNECTOR_OPENAPI_TYPE } from '../../nodes/connector.openapi/spec.js';
import type { SqlDatabase } from '../../runtime/store/index.js';
import type { ApiConnector, ApiConnectorSummary, OperationDiffView } from '../contract/api-connectors.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import { conflict, forbidden, notFound } from '../domain/domain-error.js';
import { isoTime } from '../domain/iso-time.js';
import { diffOperations } from '../openapi/diff-operations.js';
import type { ParsedDocument } from '../openapi/import-document.js';

interface ConnectorRow {
  id: string;
  tenant_id: string;
  name: string;
  latest_version: number;
  created_by: string;
  created_at: number;
  updated_at: number;
}

interface VersionRow {
  version: number;
  parsed: string;
  created_by: string;
  created_at: number;
}

/** The workspace whose connectors a tenant sees: a partner's own, a customer's partner's. */
export interface ConnectorScope {
  readonly tenantId: string;
  readonly kind: 'partner' | 'customer';
  readonly parentId: string | null;
}

const SELECT_CONNECTOR = 'SELECT id, tenant_id, name, latest_version, created_by, created_at, updated_at FROM api_connectors';

/**
 * API connectors imported from OpenAPI documents. A partner imports them; it and its customers see
 * them (customers read-only). Every import is kept as a numbered version, so a workflow naming
 * version N keeps calling what it was built against after a re-import; removal hides a connector
 * from lists and new workflows, and is refused while an active workflow version uses it.
 */
export class ApiConnectorService {
  /** Parsed versions, immutable once written. */
  private readonly versions = new Map<string, ParsedDocument>();

  constructor(private readonly sql: SqlDatabase) {}

  /** The partner workspace whose connectors `scope` sees. */
  ownerOf(scope: ConnectorScope): string {
    return scope.kind === 'partner' ? scope.tenantId : (scope.parentId ?? scope.tenantId);
  }

  /** Throws 403 unless `scope` is the partner workspace that owns connectors (customers only read). */
  assertOwnerWorkspace(scope: ConnectorScope): void {
    if (scope.kind !== 'partner') throw forbidden('API connectors are imported and managed in the partner workspace; customers use them read-only');
  }

  async list(scope: ConnectorScope, editable: boolean): Promise<ApiConnectorSummary[]> {
    const rows = await this.sql.all<ConnectorRow>(`${SELECT_CONNECTOR} WHERE tenant_id = ? AND removed_at IS NULL ORDER BY lower(name)`, [this.ownerOf(scope)]);
    const summaries: ApiConnectorSummary[] = [];
    for (const row of rows) summaries.push(await this.summary(row, editable));
    return summaries;
  }

  async get(scope: ConnectorScope, connectorId: string, editable: boolean, version?: number): Promise<ApiConnector> {
    const row = await this.row(this.ownerOf(scope), connectorId);
    const shown = version ?? row.latest_version;
    const versions = await this.sql.all<Omit<VersionRow, 'parsed'>>('SELECT version, created_by, created_at FROM api_connector_versions WHERE connector_id = ? ORDER BY version', [connectorId]);
    if (!versions.some((entry) => entry.version === shown)) throw notFound(`version ${shown} of the API connector`);
    const parsed = await this.parsed(connectorId, shown);
    return {
      ...(await this.summary(row, editable)),
      shownVersion: shown,
      versions: versions.map((entry) => ({ version: entry.version, createdBy: entry.created_by, createdAt: isoTime(entry.created_at) })),
      openapi: parsed.openapi,
      documentVersion: parsed.documentVersion,
      versionBaseUrl: parsed.baseUrl,
      securitySchemes: parsed.securitySchemes,
      operations: parsed.operations,
    };
  }

  /** Stores a new connector as version 1; its name must be free in the workspace, compared without regard to case (lower(name), as the unique index does). */
  async create(scope: ConnectorScope, actorId: string, name: string, document: string, parsed: ParsedDocument): Promise<ApiConnector> {
    this.assertOwnerWorkspace(scope);
    const taken = () => conflict(`an API connector named "${name}" already exists; re-import it to add a version`);
    if (await this.sql.get('SELECT 1 AS taken FROM api_connectors WHERE tenant_id = ? AND lower(name) = lower(?) AND removed_at IS NULL', [scope.tenantId, name])) throw taken();
    const id = randomBytes(12).toString('base64url');
    const now = Date.now();
    try {
      await this.sql.transaction(async () => {
        await this.sql.run('INSERT INTO api_connectors (id, tenant_id, name, latest_version, created_by, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?)', [
          id,
          scope.tenantId,
          name,
          actorId,
          now,
          now,
        ]);
        await this.insertVersion(id, 1, document, parsed, actorId, now);
      });
    } catch (error) {
      // Imported meanwhile under the same name by a concurrent request: the unique index decides.
      if (isUniqueViolation(error)) throw taken();
      throw error;
    }
    return this.get(scope, id, true);
  }

  /** Stores the next version, answering what changed since the newest one. */
  async reimport(scope: ConnectorScope, connectorId: string, actorId: string, document: string, parsed: ParsedDocument): Promise<ApiConnector & { diff: OperationDiffView }> {
    this.assertOwnerWorkspace(scope);
    // The connector is locked from reading its newest version to recording the next.
    const diff = await this.sql.transaction(async () => {
      await this.sql.lock(`api-connector:${connectorId}`);
      const row = await this.row(scope.tenantId, connectorId);
      const changes = diffOperations((await this.parsed(connectorId, row.latest_version)).operations, parsed.operations);
      const version = row.latest_version + 1;
      const now = Date.now();
      await this.insertVersion(connectorId, version, document, parsed, actorId, now);
      await this.sql.run('UPDATE api_connectors SET latest_version = ?, updated_at = ? WHERE id = ?', [version, now, connectorId]);
      return changes;
    });
    return { ...(await this.get(scope, connectorId, true)), diff };
  }

  /** Hides the connector; refused while an active workflow version of the partner or a customer uses it. */
  async remove(scope: ConnectorScope, connectorId: string): Promise<ApiConnectorSummary> {
    this.assertOwnerWorkspace(scope);
    const row = await this.row(scope.tenantId, connectorId);
    const users = await this.activeUsers(scope.tenantId, connectorId);
    if (users.length > 0) throw conflict(`the API connector is used by the active version of ${users.map((name) => `"${name}"`).join(', ')}; change those workflows first`);
    await this.sql.run('UPDATE api_connectors SET removed_at = ? WHERE id = ?', [Date.now(), connectorId]);
    return this.summary(row, true);
  }

  /**
   * The operation a node names, as the tenant `tenantId` (the partner or one of its customers) sees
   * it; undefined when the connector, version or operation does not exist for it. Removed connectors
   * still resolve, so a run in flight finishes.
   */
  async operation(tenantId: string, connectorId: string, version: number, operationId: string): Promise<ResolvedOperation | undefined> {
    const tenant = await this.sql.get<{ kind: 'partner' | 'customer'; parent_id: string | null }>('SELECT kind, parent_id FROM tenants WHERE id = ?', [tenantId]);
    if (!tenant) return undefined;
    const owner = this.ownerOf({ tenantId, kind: tenant.kind, parentId: tenant.parent_id });
    const row = await this.sql.get<ConnectorRow>(`${SELECT_CONNECTOR} WHERE id = ? AND tenant_id = ?`, [connectorId, owner]);
    if (!row || version > row.latest_version || version < 1) return undefined;
    const parsed = await this.parsed(connectorId, version);
    const operation = parsed.operations.find((candidate) => candidate.id === operationId);
    return operation && { connectorName: row.name, baseUrl: parsed.baseUrl, operation, securitySchemes: parsed.securitySchemes };
  }

  /** Whether the connector exists for `tenantId` and is not removed, and its newest version. */
  async latestVersion(tenantId: string, connectorId: string): Promise<number | undefined> {
    const row = await this.sql.get<{ latest_version: number }>(
      `SELECT c.latest_version FROM api_connectors c JOIN tenants t ON t.id = ? WHERE c.id = ? AND c.removed_at IS NULL AND c.tenant_id = CASE WHEN t.kind = 'partner' THEN t.id ELSE t.parent_id END`,
      [tenantId, connectorId],
    );
    return row?.latest_version;
  }

  private async activeUsers(ownerId: string, connectorId: string): Promise<string[]> {
    const rows = await this.sql.all<{ name: string; definition: string }>(
      `SELECT w.name, v.definition FROM workflows w JOIN tenants t ON t.id = w.tenant_id
       JOIN workflow_versions v ON v.workflow_id = w.id AND v.version = w.active_version
       WHERE (t.id = ? OR t.parent_id = ?) AND w.archived_at IS NULL ORDER BY w.name`,
      [ownerId, ownerId],
    );
    return rows
      .filter((row) => {
        const definition = JSON.parse(row.definition) as { nodes?: { type?: unknown; config?: { connectorId?: unknown } }[] };
        return (definition.nodes ?? []).some((node) => node.type === CONNECTOR_OPENAPI_TYPE && node.config?.connectorId === connectorId);
      })
      .map((row) => row.name);
  }

  private async insertVersion(connectorId: string, version: number, document: string, parsed: ParsedDocument, actorId: string, now: number): Promise<void> {
    await this.sql.run('INSERT INTO api_connector_versions (connector_id, version, document, parsed, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
      connectorId,
      version,
      document,
      JSON.stringify(parsed),
      actorId,
      now,
    ]);
  }

  private async parsed(connectorId: string, version: number): Promise<ParsedDocument> {
    const key = `${connectorId}@${version}`;
    const cached = this.versions.get(key);
    if (cached) return cached;
    const row = await this.sql.get<{ parsed: string }>('SELECT parsed FROM api_connector_versions WHERE connector_id = ? AND version = ?', [connectorId, version]);
    if (row === undefined) throw notFound(`version ${version} of the API connector`);
    const parsed = JSON.parse(row.parsed) as ParsedDocument;
    this.versions.set(key, parsed);
    return parsed;
  }

  private async row(ownerId: string, connectorId: string): Promise<ConnectorRow> {
    const row = await this.sql.get<ConnectorRow>(`${SELECT_CONNECTOR} WHERE id = ? AND tenant_id = ? AND removed_at IS NULL`, [connectorId, ownerId]);
    if (!row) throw notFound('the API connector');
    return row;
  }

  private async summary(row: ConnectorRow, editable: boolean): Promise<ApiConnectorSummary> {
    const parsed = await this.parsed(row.id, row.latest_version);
    return {
      id: row.id,
      name: row.name,
      ownerTenantId: row.tenant_id,
      editable,
      version: row.latest_version,
      title: parsed.title,
      baseUrl: parsed.baseUrl,
      operationCount: parsed.operations.length,
      createdBy: row.created_by,
      createdAt: isoTime(row.created_at),
      updatedAt: isoTime(row.updated_at),
    };
  }
}

