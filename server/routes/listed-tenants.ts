import type { RouteCall } from '../http/route.js';
import { forbidden, invalid, notFound } from '../domain/domain-error.js';

/**
 * The workspaces a list (runs, exceptions) covers: the route's own, or — from a partner's workspace, whose
 * people act in its customers' with the same roles — the partner and all its customers
 * (`scope=customers`), or one of them (`customerId`). `what` names the list in refusals.
 */
export async function listedTenants(call: RouteCall<unknown, { scope: 'workspace' | 'customers'; customerId?: string | undefined }, unknown>, what: string): Promise<string[]> {
  const { tenant } = call.tenant;
  const { scope, customerId } = call.query;
  if (scope === 'workspace' && customerId === undefined) return [tenant.id];
  if (call.service) throw forbidden("a service account acts in its own workspace only, not in a partner's customers'");
  if (tenant.kind !== 'partner') throw invalid(`only a partner's workspace lists its customers' ${what}`, [{ path: 'query.scope', message: 'use scope=workspace here' }]);
  const customers = (await call.app.tenants.customers(tenant.id)).map((customer) => customer.id);
  if (customerId === undefined) return [tenant.id, ...customers];
  if (!customers.includes(customerId)) throw notFound('the customer');
  return [customerId];
}
