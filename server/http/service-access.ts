import type { Permission } from '../auth/permissions.js';
import { PERMISSION_ACTIONS } from '../auth/permissions.js';
import type { TenantAccess } from '../auth/tenant-access.js';
import type { AppContext } from '../context.js';
import { forbidden, notFound } from '../domain/domain-error.js';
import type { ServiceCaller } from '../services/service-accounts.js';

/**
 * What a service account may reach on a tenant route: its own workspace only (any other answers
 * 404, as for a person without access), a permission among its scopes (else 403), and — when it
 * is limited to some workflows — only those: a `workflowId` or a run of another workflow answers
 * 404, like an id that does not exist. A route that names neither must say it narrows its answer
 * itself (`workflowScoped`), or a limited account is refused: closed by default, so a new route
 * cannot leak other workflows.
 */
export async function serviceTenantAccess(
  app: AppContext,
  service: ServiceCaller,
  params: Record<string, unknown>,
  permission: Permission,
  workflowScoped: boolean,
): Promise<TenantAccess> {
  const tenant = params.tenantId === service.tenantId ? await app.access.tenant(service.tenantId) : undefined;
  if (!tenant) throw notFound('the tenant');
  if (!(service.scopes as readonly Permission[]).includes(permission)) {
    throw forbidden(`this service account may not ${PERMISSION_ACTIONS[permission]}; a workspace owner can add that to its permissions`);
  }
  const allowed = service.workflowIds;
  if (allowed !== null) {
    const { workflowId, runId } = params;
    if (typeof workflowId === 'string') {
      if (!allowed.includes(workflowId)) throw notFound('the workflow');
    } else if (typeof runId === 'string') {
      await app.store.flush();
      const run = await app.store.getRun(runId);
      if (!run?.workflowId || !allowed.includes(run.workflowId)) throw notFound('the run');
    } else if (!workflowScoped) {
      throw forbidden('this service account is limited to some workflows, and this request would reach the others');
    }
  }
  // A service account is no member: it holds no roles, so nothing that checks roles lets it through.
  return { tenant, roles: [], via: 'member' };
}

/**
 * For a route that narrows its own answer (`workflowScoped`): the workflows a service account may
 * see (`null`: all, and always for people).
 */
export function workflowScopeOf(service: ServiceCaller | undefined): readonly string[] | null {
  return service?.workflowIds ?? null;
}

/**
 * A list filtered by one workflow, for a caller limited to some: the filter is required and must
 * be one of them (a workflow outside answers 404, like one that does not exist).
 */
export function requireWorkflowFilter(service: ServiceCaller | undefined, workflowId: string | undefined): void {
  const allowed = workflowScopeOf(service);
  if (allowed === null) return;
  if (workflowId === undefined) throw forbidden('this service account is limited to some workflows: filter by one of them with workflowId');
  if (!allowed.includes(workflowId)) throw notFound('the workflow');
}
