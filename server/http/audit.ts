import type { RouteCall } from './route.js';

/** Appends an audit entry for a change made by the caller in the route's tenant. */
export function audit(
  call: RouteCall<unknown, unknown, unknown>,
  action: string,
  target: { readonly type: string; readonly id: string },
  change: { readonly before?: unknown; readonly after?: unknown; readonly details?: Record<string, unknown> } = {},
): void {
  call.app.audit.append({
    tenantId: call.tenant.tenant.id,
    actorId: call.auth?.user.id ?? 'anonymous',
    action,
    targetType: target.type,
    targetId: target.id,
    ...change,
  });
}
