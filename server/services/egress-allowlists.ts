import { z } from 'zod';
import { AllowList, AllowListError, MAX_ALLOW_LIST_ENTRIES } from '../../runtime/egress/index.js';
import type { SqlDatabase } from '../../runtime/store/index.js';
import { isoTime } from '../domain/iso-time.js';

/**
 * A workspace's egress entries as the API takes them: `host:port` patterns of private-network
 * hosts, each checked on its own so a mistake is reported at its index; stored in canonical form.
 */
export const tenantAllowListSchema = z
  .array(z.string().max(300))
  .max(MAX_ALLOW_LIST_ENTRIES)
  .superRefine((entries, ctx) => {
    entries.forEach((entry, index) => {
      try {
        AllowList.parse([entry], 'tenant');
      } catch (error) {
        if (!(error instanceof AllowListError)) throw error;
        ctx.addIssue({ code: 'custom', path: [index], message: error.message });
      }
    });
  })
  .transform((entries) => [...new Set(AllowList.parse(entries, 'tenant').entries)]);

/** A workspace's egress allow-list as the API shows it. */
export interface TenantAllowListView {
  readonly entries: string[];
  /** Who last set it, and when; null while it was never set. */
  readonly updatedBy: string | null;
  readonly updatedAt: string | null;
}

interface AllowListRow {
  entries: string;
  updated_by: string;
  updated_at: number;
}

/**
 * Each workspace's own egress allow-list: private-network hosts (an ERP on the customer's network
 * over a VPN) its runs may reach. A customer does not inherit its partner's list: a private address
 * means a different machine in every customer's network.
 */
export class EgressAllowListService {
  constructor(private readonly sql: SqlDatabase) {}

  /** The tenant's entries (none when never set); the egress guard reads them. */
  async entries(tenantId: string): Promise<string[]> {
    const row = await this.row(tenantId);
    return row ? (JSON.parse(row.entries) as string[]) : [];
  }

  async get(tenantId: string): Promise<TenantAllowListView> {
    const row = await this.row(tenantId);
    if (!row) return { entries: [], updatedBy: null, updatedAt: null };
    return { entries: JSON.parse(row.entries) as string[], updatedBy: row.updated_by, updatedAt: isoTime(row.updated_at) };
  }

  /** Replaces the list with entries already checked by {@link tenantAllowListSchema}. */
  async set(tenantId: string, entries: readonly string[], actorId: string): Promise<TenantAllowListView> {
    await this.sql.run(
      'INSERT INTO egress_allowlists (tenant_id, entries, updated_by, updated_at) VALUES (?, ?, ?, ?) ' +
        'ON CONFLICT (tenant_id) DO UPDATE SET entries = excluded.entries, updated_by = excluded.updated_by, updated_at = excluded.updated_at',
      [tenantId, JSON.stringify(entries), actorId, Date.now()],
    );
    return this.get(tenantId);
  }

  private row(tenantId: string): Promise<AllowListRow | undefined> {
    return this.sql.get<AllowListRow>('SELECT entries, updated_by, updated_at FROM egress_allowlists WHERE tenant_id = ?', [tenantId]);
  }
}
