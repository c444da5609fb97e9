import { Agent } from 'undici';
import type { AddressResolver, HttpClient, TenantHttp } from '../definition/index.js';
import { AllowList } from './allow-list.js';
import { normalizeHostname } from './host-pattern.js';
import { EgressPolicy } from './egress-policy.js';
import { allowedAddresses, guardedConnector, systemLookup, type EgressLookup } from './guarded-connector.js';
import { MAX_REDIRECTS, guardedFetch } from './guarded-fetch.js';

/** How the guard is configured. */
export interface EgressGuardOptions {
  /** The deployment's allow-list entries (FLOWGATE_EGRESS_ALLOW); an invalid entry throws `AllowListError`. */
  readonly allow?: readonly string[];
  /**
   * A tenant's own entries; read at the tenant's first request and again after
   * {@link EgressGuard.tenantListChanged}. May answer a promise (a database read).
   */
  readonly tenantAllowList?: (tenantId: string) => readonly string[] | Promise<readonly string[]>;
  /** How users reach a tenant's list, named in refusals of private-network addresses. */
  readonly tenantSetting?: string;
  /** Resolves host names; the system resolver by default (tests inject names that resolve to loopback). */
  readonly lookup?: EgressLookup;
  readonly maxRedirects?: number;
}

/** Tenants whose connection pools are kept; the least recently used beyond this are closed. */
const MAX_TENANT_POOLS = 256;

/**
 * The egress guard: every outbound HTTP request of a node or a credential goes through a client of
 * this class, and every other outbound connection (SMTP) connects to an address it resolved. Each tenant gets its own connection pool (an undici `Agent` with the guarded
 * connector), so connections are never shared across tenants and a change to a tenant's list
 * takes effect by closing that tenant's pool.
 */
export class EgressGuard implements TenantHttp {
  private readonly policy: EgressPolicy;
  private readonly lookup: EgressLookup;
  /** Each tenant's pool, as a promise while its list is being read (so concurrent requests share one pool). */
  private readonly pools = new Map<string, Promise<Pool>>();

  constructor(private readonly options: EgressGuardOptions = {}) {
    this.policy = new EgressPolicy(AllowList.parse(options.allow ?? [], 'deployment'), options.tenantAllowList ? options.tenantSetting : undefined);
    this.lookup = options.lookup ?? systemLookup;
  }

  /**
   * The HTTP client for a tenant's requests. Each request uses the tenant's current pool, so a
   * client obtained before the tenant's list changed follows the new list.
   */
  forTenant(tenantId: string): HttpClient {
    return async (url, init) => (await this.pool(tenantId)).fetch(url, init);
  }

  /**
   * The address resolver for a tenant's other connections: the addresses of the host that the
   * policy and the tenant's current list allow, or the guard's refusal.
   */
  addressesForTenant(tenantId: string): AddressResolver {
    return async (hostname, port) => allowedAddresses({ policy: this.policy, tenantList: (await this.pool(tenantId)).tenantList, lookup: this.lookup }, normalizeHostname(hostname), port);
  }

  /** The tenant's list changed: its pooled connections are closed and later requests use the new list. */
  tenantListChanged(tenantId: string): void {
    this.drop(tenantId);
  }

  /** Closes every pool (requests in flight finish first). */
  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    const created = await Promise.allSettled(pools);
    await Promise.all(created.flatMap((pool) => (pool.status === 'fulfilled' ? [pool.value.agent.close()] : [])));
  }

  private pool(tenantId: string): Promise<Pool> {
    const existing = this.pools.get(tenantId);
    if (existing) {
      // Re-inserted so the map's order is least recently used first.
      this.pools.delete(tenantId);
      this.pools.set(tenantId, existing);
      return existing;
    }
    const created = this.createPool(tenantId);
    this.pools.set(tenantId, created);
    // A list that could not be read is read again at the next request.
    created.catch(() => {
      if (this.pools.get(tenantId) === created) this.pools.delete(tenantId);
    });
    if (this.pools.size > MAX_TENANT_POOLS) this.drop(this.pools.keys().next().value as string);
    return created;
  }

  private async createPool(tenantId: string): Promise<Pool> {
    const entries = await this.options.tenantAllowList?.(tenantId);
    const tenantList = entries === undefined ? undefined : AllowList.parse(entries, 'tenant');
    const agent = new Agent({ connect: guardedConnector({ policy: this.policy, tenantList, lookup: this.lookup }) });
    return { agent, tenantList, fetch: guardedFetch(agent, this.options.maxRedirects ?? MAX_REDIRECTS) };
  }

  private drop(tenantId: string): void {
    const pool = this.pools.get(tenantId);
    if (!pool) return;
    this.pools.delete(tenantId);
    // Requests in flight finish on the old pool; close() only rejects for a pool already destroyed.
    pool.then((created) => created.agent.close()).catch(() => undefined);
  }
}

interface Pool {
  readonly agent: Agent;
  /** The tenant's list the pool was made with; other connections are checked against it too. */
  readonly tenantList: AllowList | undefined;
  readonly fetch: HttpClient;
}
