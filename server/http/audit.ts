import type { AuditRecord } from '../services/audit-log.js';
import type { AppContext } from '../context.js';
import type { RouteCall } from './route.js';

/** The audit log's actor id of a service account: never a user id (those have no colon). */
export function serviceActorId(accountId: string): string {
  return `service-account:${accountId}`;
}

/** Who the audit log names for a route's change: the person, the service account, or `anonymous`. */
export function actorIdOf(call: RouteCall<unknown, unknown, unknown>): string {
  if (call.auth) return call.auth.user.id;
  return call.service ? serviceActorId(call.service.accountId) : 'anonymous';
}

/** What an audit entry says about a change: digests of the state before and after, and small facts. */
export interface AuditChange {
  readonly before?: unknown;
  readonly after?: unknown;
  readonly details?: Record<string, unknown>;
}

/** The object a change was made to. */
export interface AuditTarget {
  readonly type: string;
  readonly id: string;
}

/**
 * Makes a change and appends its audit entry in one transaction, so a change is never without its
 * entry and an entry never without its change. `change` writes only through the server's database
 * and waits for nothing else; do slow work such as password hashing before.
 */
export function audited<T>(
  call: RouteCall<unknown, unknown, unknown>,
  action: string | ((result: T) => string),
  target: AuditTarget | ((result: T) => AuditTarget),
  change: () => T | Promise<T>,
  describe: (result: T) => AuditChange = () => ({}),
): Promise<T> {
  return auditedAs(call.app, { tenantId: call.tenant.tenant.id, actorId: actorIdOf(call) }, action, target, change, describe);
}

/**
 * {@link audited} for a change outside a tenant route: a public route (an invitation accepted, a
 * password reset) names its tenant and its actor itself.
 */
export function auditedAs<T>(
  app: AppContext,
  who: { readonly tenantId: string; readonly actorId: string },
  action: string | ((result: T) => string),
  target: AuditTarget | ((result: T) => AuditTarget),
  change: () => T | Promise<T>,
  describe: (result: T) => AuditChange = () => ({}),
): Promise<T> {
  return app.sql.transaction(async () => {
    const result = await change();
    const resolved = typeof target === 'function' ? target(result) : target;
    await app.audit.append({
      tenantId: who.tenantId,
      actorId: who.actorId,
      action: typeof action === 'function' ? action(result) : action,
      targetType: resolved.type,
      targetId: resolved.id,
      ...describe(result),
    });
    return result;
  });
}

/**
 * The audit entry of a route's change made by the engine, to append inside the run store's commit of
 * that change (the engine's `together` write), so the change and its entry commit together.
 */
export function auditEntry(call: RouteCall<unknown, unknown, unknown>, action: string, target: AuditTarget, change: AuditChange = {}): AuditRecord {
  return {
    tenantId: call.tenant.tenant.id,
    actorId: actorIdOf(call),
    action,
    targetType: target.type,
    targetId: target.id,
    ...change,
  };
}

/**
 * Appends an audit entry on its own, for an action whose only record is the entry (issuing a
 * decision link). A change to a table uses {@link audited}; a change the engine commits, the
 * engine's `together` write with {@link auditEntry}.
 */
export async function audit(call: RouteCall<unknown, unknown, unknown>, action: string, target: AuditTarget, change: AuditChange = {}): Promise<void> {
  await call.app.audit.append(auditEntry(call, action, target, change));
}
