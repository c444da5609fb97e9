import { z } from 'zod';
import { fieldHints, type NodeCatalog } from '../../runtime/definition/index.js';
import type { SqlDatabase } from '../../runtime/store/index.js';

/** A workflow that names a credential, and where: its draft, its active version, or both. */
export interface CredentialUse {
  readonly workflowId: string;
  readonly workflowName: string;
  readonly in: ('draft' | 'active')[];
}

interface WorkflowDocuments {
  id: string;
  name: string;
  draft: string;
  active: string | null;
}

/**
 * Which workflows of a tenant name each credential: every node's config fields that the node's
 * spec marks as a credential (`widget: 'credential'`), in the draft and in the active version.
 * Archived workflows are left out (nothing runs them). Answers a map keyed by credential id.
 */
export async function credentialUsage(sql: SqlDatabase, catalog: NodeCatalog, tenantId: string): Promise<Map<string, CredentialUse[]>> {
  const rows = await sql.all<WorkflowDocuments>(
    `SELECT w.id, w.name, w.draft, v.definition AS active FROM workflows w
     LEFT JOIN workflow_versions v ON v.workflow_id = w.id AND v.version = w.active_version
     WHERE w.tenant_id = ? AND w.archived_at IS NULL ORDER BY w.name`,
    [tenantId],
  );
  const usage = new Map<string, CredentialUse[]>();
  for (const row of rows) {
    const where = new Map<string, ('draft' | 'active')[]>();
    const note = (document: string | null, place: 'draft' | 'active') => {
      for (const credentialId of credentialsIn(catalog, document)) where.set(credentialId, [...(where.get(credentialId) ?? []), place]);
    };
    note(row.draft, 'draft');
    note(row.active, 'active');
    for (const [credentialId, places] of where) {
      usage.set(credentialId, [...(usage.get(credentialId) ?? []), { workflowId: row.id, workflowName: row.name, in: [...new Set(places)] }]);
    }
  }
  return usage;
}

/** The credential ids a stored definition's nodes name. */
function credentialsIn(catalog: NodeCatalog, document: string | null): Set<string> {
  const found = new Set<string>();
  if (document === null) return found;
  const definition = JSON.parse(document) as { nodes?: { type?: unknown; version?: unknown; config?: unknown }[] };
  for (const node of definition.nodes ?? []) {
    if (typeof node.type !== 'string' || typeof node.version !== 'number' || typeof node.config !== 'object' || node.config === null) continue;
    const spec = catalog.get(node.type, node.version);
    const shape = spec?.config instanceof z.ZodObject ? (spec.config.shape as Record<string, z.ZodType>) : {};
    for (const [key, fieldSchema] of Object.entries(shape)) {
      const value = (node.config as Record<string, unknown>)[key];
      if (fieldHints(fieldSchema).widget === 'credential' && typeof value === 'string') found.add(value);
    }
  }
  return found;
}
