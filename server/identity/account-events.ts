import type { AppContext } from '../context.js';

/**
 * Records an account event (a password change or reset, sessions ended, a sign-in by SSO) in the
 * audit log of every tenant the person is a member of, so each tenant's owners see their members'
 * credential changes. `actorId` is who acted: the person, or an owner acting for them. Call inside
 * the change's transaction.
 */
export async function auditAccountEvent(app: AppContext, userId: string, action: string, details: Record<string, unknown>, actorId: string = userId): Promise<void> {
  const memberships = await app.sql.all<{ tenant_id: string }>('SELECT tenant_id FROM memberships WHERE user_id = ?', [userId]);
  for (const { tenant_id: tenantId } of memberships) await app.audit.append({ tenantId, actorId, action, targetType: 'user', targetId: userId, details });
}
