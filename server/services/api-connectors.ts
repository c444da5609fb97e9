import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ResolvedOperation } from '../../nodes/connector.openapi/operation.js';
import { CONNECTOR_OPENAPI_TYPE } from '../../nodes/connector.openapi/spec.js';
import type { ApiConnector, ApiConnectorSummary, OperationDiffView } from '../contract/api-connectors.js';
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

  constructor(private readonly db: Database.Database) {}

  /** The partner workspace whose connectors `scope` sees. */
  ownerOf(scope: ConnectorScope): string {
    return scope.kind === 'partner' ? scope.tenantId : (scope.parentId ?? scope.tenantId);
  }

  /** Throws 403 unless `scope` is the partner workspace that owns connectors (customers only read). */
  assertOwnerWorkspace(scope: ConnectorScope): void {
    if (scope.kind !== 'partner') throw forbidden('API connectors are imported and managed in the partner workspace; customers use them read-only');
  }

  list(scope: ConnectorScope, editable: boolean): ApiConnectorSummary[] {
    const rows = this.db.prepare(`${SELECT_CONNECTOR} WHERE tenant_id = ? AND removed_at IS NULL ORDER BY name`).all(this.ownerOf(scope)) as ConnectorRow[];
    return rows.map((row) => this.summary(row, editable));
  }

  get(scope: ConnectorScope, connectorId: string, editable: boolean, version?: number): ApiConnector {
    const row = this.row(this.ownerOf(scope), connectorId);
    const shown = version ?? row.latest_version;
    const versions = this.db
      .prepare('SELECT version, created_by, created_at FROM api_connector_versions WHERE connector_id = ? ORDER BY version')
      .all(connectorId) as Omit<VersionRow, 'parsed'>[];
    if (!versions.some((entry) => entry.version === shown)) throw notFound(`version ${shown} of the API connector`);
    const parsed = this.parsed(connectorId, shown);
    return {
      ...this.summary(row, editable),
      shownVersion: shown,
      versions: versions.map((entry) => ({ version: entry.version, createdBy: entry.created_by, createdAt: isoTime(entry.created_at) })),
      openapi: parsed.openapi,
      documentVersion: parsed.documentVersion,
      versionBaseUrl: parsed.baseUrl,
      securitySchemes: parsed.securitySchemes,
      operations: parsed.operations,
    };
  }

  /** Stores a new connector as version 1; its name must be free in the workspace. */
  create(scope: ConnectorScope, actorId: string, name: string, document: string, parsed: ParsedDocument): ApiConnector {
    this.assertOwnerWorkspace(scope);
    const taken = this.db.prepare('SELECT 1 FROM api_connectors WHERE tenant_id = ? AND name = ? AND removed_at IS NULL').get(scope.tenantId, name);
    if (taken) throw conflict(`an API connector named "${name}" already exists; re-import it to add a version`);
    const id = randomBytes(12).toString('base64url');
    const now = Date.now();
    this.db
      .prepare('INSERT INTO api_connectors (id, tenant_id, name, latest_version, created_by, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?)')
      .run(id, scope.tenantId, name, actorId, now, now);
    this.insertVersion(id, 1, document, parsed, actorId, now);
    return this.get(scope, id, true);
  }

  /** Stores the next version, answering what changed since the newest one. */
  reimport(scope: ConnectorScope, connectorId: string, actorId: string, document: string, parsed: ParsedDocument): ApiConnector & { diff: OperationDiffView } {
    this.assertOwnerWorkspace(scope);
    const row = this.row(scope.tenantId, connectorId);
    const diff = diffOperations(this.parsed(connectorId, row.latest_version).operations, parsed.operations);
    const version = row.latest_version + 1;
    const now = Date.now();
    this.insertVersion(connectorId, version, document, parsed, actorId, now);
    this.db.prepare('UPDATE api_connectors SET latest_version = ?, updated_at = ? WHERE id = ?').run(version, now, connectorId);
    return { ...this.get(scope, connectorId, true), diff };
  }

  /** Hides the connector; refused while an active workflow version of the partner or a customer uses it. */
  remove(scope: ConnectorScope, connectorId: string): ApiConnectorSummary {
    this.assertOwnerWorkspace(scope);
    const row = this.row(scope.tenantId, connectorId);
    const users = this.activeUsers(scope.tenantId, connectorId);
    if (users.length > 0) throw conflict(`the API connector is used by the active version of ${users.map((name) => `"${name}"`).join(', ')}; change those workflows first`);
    this.db.prepare('UPDATE api_connectors SET removed_at = ? WHERE id = ?').run(Date.now(), connectorId);
    return this.summary(row, true);
  }

  /**
   * The operation a node names, as the tenant `tenantId` (the partner or one of its customers) sees
   * it; undefined when the connector, version or operation does not exist for it. Removed connectors
   * still resolve, so a run in flight finishes.
   */
  operation(tenantId: string, connectorId: string, version: number, operationId: string): ResolvedOperation | undefined {
    const tenant = this.db.prepare('SELECT kind, parent_id FROM tenants WHERE id = ?').get(tenantId) as { kind: 'partner' | 'customer'; parent_id: string | null } | undefined;
    if (!tenant) return undefined;
    const owner = this.ownerOf({ tenantId, kind: tenant.kind, parentId: tenant.parent_id });
    const row = this.db.prepare(`${SELECT_CONNECTOR} WHERE id = ? AND tenant_id = ?`).get(connectorId, owner) as ConnectorRow | undefined;
    if (!row || version > row.latest_version || version < 1) return undefined;
    const parsed = this.parsed(connectorId, version);
    const operation = parsed.operations.find((candidate) => candidate.id === operationId);
    return operation && { connectorName: row.name, baseUrl: parsed.baseUrl, operation, securitySchemes: parsed.securitySchemes };
  }

  /** Whether the connector exists for `tenantId` and is not removed, and its newest version. */
  latestVersion(tenantId: string, connectorId: string): number | undefined {
    const row = this.db
      .prepare(`SELECT c.latest_version FROM api_connectors c JOIN tenants t ON t.id = ? WHERE c.id = ? AND c.removed_at IS NULL AND c.tenant_id = CASE WHEN t.kind = 'partner' THEN t.id ELSE t.parent_id END`)
      .pluck()
      .get(tenantId, connectorId) as number | undefined;
    return row;
  }

  private activeUsers(ownerId: string, connectorId: string): string[] {
    const rows = this.db
      .prepare(
        `SELECT w.name, v.definition FROM workflows w JOIN tenants t ON t.id = w.tenant_id
         JOIN workflow_versions v ON v.workflow_id = w.id AND v.version = w.active_version
         WHERE (t.id = ? OR t.parent_id = ?) AND w.archived_at IS NULL ORDER BY w.name`,
      )
      .all(ownerId, ownerId) as { name: string; definition: string }[];
    return rows
      .filter((row) => {
        const definition = JSON.parse(row.definition) as { nodes?: { type?: unknown; config?: { connectorId?: unknown } }[] };
        return (definition.nodes ?? []).some((node) => node.type === CONNECTOR_OPENAPI_TYPE && node.config?.connectorId === connectorId);
      })
      .map((row) => row.name);
  }

  private insertVersion(connectorId: string, version: number, document: string, parsed: ParsedDocument, actorId: string, now: number): void {
    this.db
      .prepare('INSERT INTO api_connector_versions (connector_id, version, document, parsed, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(connectorId, version, document, JSON.stringify(parsed), actorId, now);
  }

  private parsed(connectorId: string, version: number): ParsedDocument {
    const key = `${connectorId}@${version}`;
    const cached = this.versions.get(key);
    if (cached) return cached;
    const text = this.db.prepare('SELECT parsed FROM api_connector_versions WHERE connector_id = ? AND version = ?').pluck().get(connectorId, version) as string | undefined;
    if (text === undefined) throw notFound(`version ${version} of the API connector`);
    const parsed = JSON.parse(text) as ParsedDocument;
    this.versions.set(key, parsed);
    return parsed;
  }

  private row(ownerId: string, connectorId: string): ConnectorRow {
    const row = this.db.prepare(`${SELECT_CONNECTOR} WHERE id = ? AND tenant_id = ? AND removed_at IS NULL`).get(connectorId, ownerId) as ConnectorRow | undefined;
    if (!row) throw notFound('the API connector');
    return row;
  }

  private summary(row: ConnectorRow, editable: boolean): ApiConnectorSummary {
    const parsed = this.parsed(row.id, row.latest_version);
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

