import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSION_ACTIONS, ROLES, allows, type Role } from '../../server/auth/permissions.js';
import type { RouteDefinition } from '../../server/http/route.js';
import { apiRoutes } from '../../server/routes/index.js';
import { roleMatrixMarkdown, ROLE_MATRIX_END, ROLE_MATRIX_START } from '../../scripts/role-matrix.js';
import { createMember, inviteAndAccept } from '../support/accounts.js';
import { isErrorShape } from '../support/error-shape.js';
import { DEMO, startServerHarness, type ApiClient, type ApiResponse, type ServerHarness } from '../support/server-harness.js';

const root = join(import.meta.dirname, '../..');

/** The update of a cloned workflow from its template. */
const TEMPLATE_UPDATE = 'get /api/v1/tenants/:tenantId/workflows/:workflowId/template-update';

/**
 * Routes that only make sense in a partner tenant: in a customer tenant they are refused with 403
 * even for a role that holds the permission.
 */
const PARTNER_ONLY = new Set([
  'post /api/v1/tenants/:tenantId/templates',
  'post /api/v1/tenants/:tenantId/templates/:slug/versions',
  'get /api/v1/tenants/:tenantId/published-templates',
  'post /api/v1/tenants/:tenantId/templates/:slug/withdraw',
  'post /api/v1/tenants/:tenantId/templates/:slug/restore',
  'get /api/v1/tenants/:tenantId/customers',
  'post /api/v1/tenants/:tenantId/customers',
  'get /api/v1/tenants/:tenantId/customers/status',
  'put /api/v1/tenants/:tenantId/branding',
  'get /api/v1/tenants/:tenantId/sso',
  'put /api/v1/tenants/:tenantId/sso',
  'delete /api/v1/tenants/:tenantId/sso',
  'post /api/v1/tenants/:tenantId/api-connectors',
  'post /api/v1/tenants/:tenantId/api-connectors/:connectorId/versions',
  'delete /api/v1/tenants/:tenantId/api-connectors/:connectorId',
]);

/** Routes that end the caller's session: each call gets a session of its own. */
const ENDS_SESSION = new Set(['post /api/v1/auth/logout', 'post /api/v1/me/sessions/end-all']);
/** Routes that end every session of the caller: the actor signs in again after the call. */
const ENDS_ALL_SESSIONS = new Set(['post /api/v1/me/sessions/end-all']);

const keyOf = (route: RouteDefinition) => `${route.method} ${route.path}`;

/** Ids of real objects in one tenant, and the words that must never show up in another tenant's answers. */
interface Scope {
  readonly label: string;
  readonly kind: 'partner' | 'customer';
  readonly ids: Record<string, string>;
  /** Objects a route may destroy (archive, delete, cancel), so the shared ones stay usable. */
  readonly expendable: Record<string, string>;
  readonly secrets: readonly string[];
}

interface Actor {
  readonly role: Role;
  readonly email: string;
  readonly password: string;
  /** Signed in again after a route that ends all of the person's sessions. */
  client: ApiClient;
}

let server: ServerHarness;
let customerUsers: Actor[];
let partnerUsers: Actor[];
let contoso: Scope;
let northwind: Scope;
let fabrikam: Scope;
let globex: Scope;
let initech: Scope;

function ok<T>(response: ApiResponse<T>, status: number, what: string): T {
  if (response.status !== status) throw new Error(`${what}: expected ${status}, got ${response.status} ${response.text}`);
  return response.body;
}

/** The order-exception template with its own webhook path, so it can be active beside the demo copy. */
function template(path: string): Record<string, unknown> {
  const definition = JSON.parse(readFileSync(join(root, 'templates/order-exception-routing/definition.json'), 'utf8')) as { nodes: { type: string; config: Record<string, unknown> }[] };
  for (const node of definition.nodes) if (node.type === 'trigger.webhook') node.config.path = path;
  return definition;
}

/**
 * Fills a tenant through the API with one of everything the routes address: an active workflow
 * (and one to archive), a waiting run with its approval task (and one to cancel), credentials
 * and members. `designer` submits, `approver` approves, `owner` manages members.
 */
async function populate(label: string, tenant: { id: string; slug: string; name: string; kind: 'partner' | 'customer' }, designer: ApiClient, approver: ApiClient, owner: ApiClient): Promise<Scope> {
  const base = `/api/v1/tenants/${tenant.id}`;
  const name = `Matrix workflow of ${tenant.name}`;
  const workflow = ok(await designer.request<{ id: string }>('POST', `${base}/workflows`, { name, definition: template(`matrix-${tenant.slug}`) }), 201, `${label}: create`);
  ok(await designer.request('POST', `${base}/workflows/${workflow.id}/versions`, { note: 'v1' }), 201, `${label}: submit`);
  ok(await approver.request('POST', `${base}/workflows/${workflow.id}/versions/1/approve`, {}), 200, `${label}: approve`);
  ok(await approver.request('POST', `${base}/workflows/${workflow.id}/activate`, { version: 1, reason: 'matrix' }), 200, `${label}: activate`);
  const spare = ok(await designer.request<{ id: string }>('POST', `${base}/workflows`, { name: `Spare of ${tenant.name}` }), 201, `${label}: spare`);
  const startRun = async () => {
    const input = { orderId: `SO-${tenant.slug}`, total: 900, customer: tenant.name, reason: 'credit' };
    return ok(await designer.request<{ runId: string }>('POST', `${base}/workflows/${workflow.id}/runs`, { input }), 201, `${label}: run`).runId;
  };
  const runId = await startRun();
  const spareRunId = await startRun();
  let taskId: string | undefined;
  for (let attempt = 0; attempt < 50 && taskId === undefined; attempt++) {
    const tasks = ok(await designer.request<{ id: string; runId: string }[]>('GET', `${base}/tasks`), 200, `${label}: tasks`);
    taskId = tasks.find((task) => task.runId === runId)?.id;
    if (taskId === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (taskId === undefined) throw new Error(`${label}: the run never opened its approval task`);
  const credential = async (credentialName: string) =>
    ok(
      await designer.request<{ id: string }>('POST', `${base}/credentials`, { name: credentialName, secret: { type: 'bearer', token: `tok-${randomBytes(6).toString('hex')}` }, allowedHosts: ['erp.example.com'] }),
      201,
      `${label}: credential`,
    ).id;
  const credentialName = `ERP key of ${tenant.name}`;
  const credentialId = await credential(credentialName);
  const spareCredentialId = await credential(`Spare key of ${tenant.name}`);
  const member = async (email: string) => (await inviteAndAccept(server, owner, tenant.id, email, ['viewer'], `Member ${email}`)).userId;
  const memberEmail = `member@${tenant.slug}.example`;
  const userId = await member(memberEmail);
  const spareUserId = await member(`spare@${tenant.slug}.example`);
  const invitation = async (email: string) =>
    ok(await owner.request<{ invitation: { id: string } }>('POST', `${base}/members`, { email, roles: ['viewer'] }), 201, `${label}: invitation`).invitation.id;
  const invitedEmail = `invited@${tenant.slug}.example`;
  const invitationId = await invitation(invitedEmail);
  const spareInvitationId = await invitation(`invited-spare@${tenant.slug}.example`);
  const exceptionId = ok(await owner.request<{ id: string }>('POST', `${base}/exceptions`, { category: 'out-of-stock', title: `Short pallet at ${tenant.name}` }), 201, `${label}: exception`).id;
  const accountName = `Integration of ${tenant.name}`;
  const serviceAccount = ok(
    await owner.request<{ account: { id: string }; token: { id: string } }>('POST', `${base}/service-accounts`, { name: accountName, scopes: ['run.read'], workflowIds: null, expiresInDays: 30 }),
    201,
    `${label}: service account`,
  );
  const subscription = async (description: string) =>
    ok(
      await owner.request<{ subscription: { id: string } }>('POST', `${base}/event-subscriptions`, { url: `https://hooks.${tenant.slug}.example/flowgate`, events: ['run.failed'], description }),
      201,
      `${label}: event subscription`,
    ).subscription.id;
  const subscriptionId = await subscription(`Alerts of ${tenant.name}`);
  const spareSubscriptionId = await subscription(`Spare alerts of ${tenant.name}`);
  const deliveryId = ok(await owner.request<{ id: string }>('POST', `${base}/event-subscriptions/${subscriptionId}/ping`, {}), 202, `${label}: ping`).id;
  return {
    label,
    kind: tenant.kind,
    ids: {
      tenantId: tenant.id,
      workflowId: workflow.id,
      version: '1',
      a: '1',
      b: '1',
      runId,
      taskId,
      credentialId,
      userId,
      invitationId,
      nodeId: 'received',
      accountId: serviceAccount.account.id,
      tokenId: serviceAccount.token.id,
      slug: 'order-exception-routing',
      exceptionId,
      subscriptionId,
      deliveryId,
    },
    expendable: { workflowId: spare.id, runId: spareRunId, credentialId: spareCredentialId, userId: spareUserId, invitationId: spareInvitationId, subscriptionId: spareSubscriptionId },
    secrets: [
      tenant.id, tenant.slug, tenant.name, workflow.id, name, spare.id, runId, spareRunId, taskId, credentialId, credentialName, spareCredentialId, userId, spareUserId, memberEmail,
      invitationId, spareInvitationId, invitedEmail, serviceAccount.account.id, serviceAccount.token.id, accountName, exceptionId, subscriptionId, spareSubscriptionId, deliveryId,
    ],
  };
}

/** Adds one person per role to a tenant through the members API and signs each in. */
async function oneUserPerRole(owner: ApiClient, tenantId: string, domain: string): Promise<Actor[]> {
  const actors: Actor[] = [];
  for (const role of ROLES) {
    const email = `matrix-${role}@${domain}`;
    const { password, client } = await inviteAndAccept(server, owner, tenantId, email, [role], `Matrix ${role}`);
    actors.push({ role, email, password, client });
  }
  return actors;
}

const DESTRUCTIVE = new Set([
  'post /api/v1/tenants/:tenantId/workflows/:workflowId/archive',
  'delete /api/v1/tenants/:tenantId/invitations/:invitationId',
  'post /api/v1/tenants/:tenantId/runs/:runId/cancel',
  'delete /api/v1/tenants/:tenantId/credentials/:credentialId',
  'delete /api/v1/tenants/:tenantId/members/:userId',
  'delete /api/v1/tenants/:tenantId/api-connectors/:connectorId',
  'delete /api/v1/tenants/:tenantId/event-subscriptions/:subscriptionId',
]);

/**
 * Path parameters that address an object inside the tenant. Not `connectorId`: a partner's API
 * connector is shared with all its customers (test/server/api/api-connectors.test.ts checks that
 * another partner's customers cannot reach it).
 */
const OBJECT_PARAMS = new Set(['workflowId', 'runId', 'taskId', 'credentialId', 'userId', 'invitationId', 'accountId', 'subscriptionId']);

/** Path parameter names of a route, read from its zod schema (what the OpenAPI document shows). */
function paramNames(route: RouteDefinition): string[] {
  const schema = route.params as z.ZodObject | undefined;
  return schema ? Object.keys(schema.shape) : [];
}

/** The route's URL with every parameter filled from the scope (real ids) or a dummy of the right form. */
function urlOf(route: RouteDefinition, scope: Scope | undefined, tenantId?: string): string {
  const expendable = scope && DESTRUCTIVE.has(keyOf(route)) ? scope.expendable : {};
  const dummies: Record<string, string> = { tokenId: 'no-such-token', token: 'not-a-decision-link-token' };
  let url = route.path;
  for (const name of paramNames(route)) {
    const value = name === 'tenantId' && tenantId !== undefined ? tenantId : (expendable[name] ?? scope?.ids[name] ?? dummies[name] ?? `no-such-${name}`);
    url = url.replace(`:${name}`, encodeURIComponent(value));
  }
  return url;
}

/** Calls a route as a user: `{}` as the body where the route takes one (enough to get past the access check). */
async function call(route: RouteDefinition, url: string, actor: Actor | undefined): Promise<ApiResponse> {
  const body = route.body ? {} : undefined;
  if (!actor) return server.request(route.method.toUpperCase(), url, body);
  const client = ENDS_SESSION.has(keyOf(route)) ? await server.signIn(actor.email, actor.password) : actor.client;
  const response = await client.request(route.method.toUpperCase(), url, body);
  if (ENDS_ALL_SESSIONS.has(keyOf(route)) && response.status < 400) actor.client = await server.signIn(actor.email, actor.password);
  return response;
}

function expectErrorShape(response: ApiResponse, label: string): void {
  expect(isErrorShape(response.body), `${label}: ${response.text}`).toBe(true);
}

function expectNoServerError(response: ApiResponse, label: string): void {
  expect(response.status, `${label} must never be a 500: ${response.text}`).toBeLessThan(500);
  if (response.status >= 400) expectErrorShape(response, label);
}

beforeAll(async () => {
  // Hundreds of requests per token in quick succession: the per-token rate limit has its own test.
  server = await startServerHarness({ config: { apiRateLimit: { burst: 1_000_000, perSecond: 1_000_000 } } });
  const partnerOwner = await server.signIn(DEMO.partnerOwner);
  const consultant = await server.signIn(DEMO.consultant);
  const approver = await server.signIn(DEMO.approver);
  const customerOwner = await server.signIn(DEMO.customerOwner);
  const tenant = async (id: string) => {
    const found = await server.app.tenants.get(id);
    if (!found) throw new Error(`no tenant ${id}`);
    return found;
  };

  contoso = await populate('contoso', await tenant(server.tenants.customer), consultant, approver, customerOwner);
  northwind = await populate('northwind', await tenant(server.tenants.partner), consultant, approver, partnerOwner);
  const fabrikamTenant = ok(await partnerOwner.request<{ id: string }>('POST', `/api/v1/tenants/${server.tenants.partner}/customers`, { name: 'Fabrikam Retail', slug: 'fabrikam' }), 201, 'fabrikam');
  fabrikam = await populate('fabrikam', await tenant(fabrikamTenant.id), consultant, approver, partnerOwner);

  // Another partner with a customer of its own: no API creates partners, so the service does.
  const globexTenant = await server.app.tenants.createPartner('Globex Consulting', 'globex', {
    productName: 'Globex Flow',
    logoDataUrl: null,
    primaryColor: '#112233',
    accentColor: '#445566',
    supportEmail: null,
    supportUrl: null,
  });
  const initechTenant = await server.app.tenants.createCustomer(globexTenant.id, 'Initech Wholesale', 'initech');
  const globexStaff = async (email: string, roles: Role[]) => (await createMember(server, globexTenant.id, email, roles)).client;
  const globexOwner = await globexStaff('owner@globex.example', ['owner']);
  const globexDesigner = await globexStaff('designer@globex.example', ['designer']);
  const globexApprover = await globexStaff('approver@globex.example', ['approver']);
  globex = await populate('globex', globexTenant, globexDesigner, globexApprover, globexOwner);
  initech = await populate('initech', initechTenant, globexDesigner, globexApprover, globexOwner);

  // API connectors are a partner's, seen by its customers: each partner imports one (and a spare to remove).
  const petstore = readFileSync(join(root, 'test/fixtures/openapi/petstore-3.0.yaml'), 'utf8');
  const importFor = async (owner: ApiClient, tenantId: string, name: string) =>
    ok(await owner.request<{ id: string }>('POST', `/api/v1/tenants/${tenantId}/api-connectors`, { name, document: petstore }), 201, `${name}: import`).id;
  const shareConnectors = async (owner: ApiClient, partnerScope: Scope, customers: Scope[]): Promise<Scope[]> => {
    const tenantId = partnerScope.ids.tenantId ?? '';
    const connectorId = await importFor(owner, tenantId, `Matrix API of ${partnerScope.label}`);
    const spareId = await importFor(owner, tenantId, `Spare API of ${partnerScope.label}`);
    return [partnerScope, ...customers].map((scope) => ({
      ...scope,
      ids: { ...scope.ids, connectorId },
      expendable: { ...scope.expendable, connectorId: spareId },
      secrets: [...scope.secrets, connectorId, spareId],
    }));
  };
  [northwind, contoso, fabrikam] = (await shareConnectors(partnerOwner, northwind, [contoso, fabrikam])) as [Scope, Scope, Scope];
  [globex, initech] = (await shareConnectors(globexOwner, globex, [initech])) as [Scope, Scope];

  customerUsers = await oneUserPerRole(customerOwner, server.tenants.customer, 'contoso.example');
  partnerUsers = await oneUserPerRole(partnerOwner, server.tenants.partner, 'northwind.example');
}, 60_000);
afterAll(() => server.close());

const tenantRoutes = apiRoutes.filter((route) => route.access.kind === 'tenant');
const otherRoutes = apiRoutes.filter((route) => route.access.kind !== 'tenant');

describe('role matrix: tenant routes × roles × own, delegated and foreign tenants', () => {
  it('covers every tenant route of apiRoutes', () => {
    expect(tenantRoutes.length).toBeGreaterThan(30);
    expect(tenantRoutes.length + otherRoutes.length).toBe(apiRoutes.length);
  });

  it.each(tenantRoutes.map((route) => [keyOf(route), route] as const))('%s', async (key, route) => {
    const permission = route.access.kind === 'tenant' ? route.access.permission : undefined;
    if (permission === undefined) throw new Error('not a tenant route');

    // Not signed in, or with a token that is no token: 401 before anything else.
    const anonymous = await call(route, urlOf(route, contoso), undefined);
    expect(anonymous.status, `${key} without a token: ${anonymous.text}`).toBe(401);
    expectErrorShape(anonymous, key);
    const forged = await server.request(route.method.toUpperCase(), urlOf(route, contoso), route.body ? {} : undefined, { authorization: 'Bearer fgs_forged' });
    expect(forged.status).toBe(401);

    // A tenant that does not exist: the answer every foreign tenant must give, word for word.
    const missing = await call(route, urlOf(route, undefined, `no-such-tenant-${randomBytes(4).toString('hex')}`), customerUsers[0]);
    expect(missing.status, missing.text).toBe(404);
    expectErrorShape(missing, key);

    const cases: { actors: Actor[]; own: Scope[]; foreign: Scope[] }[] = [
      { actors: customerUsers, own: [contoso], foreign: [fabrikam, northwind, globex, initech] },
      // Partner staff act in the partner's customers with their partner role (delegated administration).
      { actors: partnerUsers, own: [northwind, contoso, fabrikam], foreign: [globex, initech] },
    ];
    for (const { actors, own, foreign } of cases) {
      for (const actor of actors) {
        const allowed = allows([actor.role], permission);
        for (const scope of own) {
          const label = `${key} as ${actor.email} in ${scope.label}`;
          const response = await call(route, urlOf(route, scope), actor);
          expectNoServerError(response, label);
          if (!allowed) {
            expect(response.status, `${label} lacks ${permission}: ${response.text}`).toBe(403);
            const error = (response.body as { error: { code: string; message: string } }).error;
            expect(error.code).toBe('FORBIDDEN');
            // The refusal says in words what the role may not do, never the permission id.
            expect(error.message, label).toContain(PERMISSION_ACTIONS[permission]);
            expect(error.message, label).not.toContain(permission);
          } else if (PARTNER_ONLY.has(key) && scope.kind === 'customer') {
            // Refused as partner-only by the handler, or earlier for the `{}` body.
            expect([400, 403], `${label} is a partner-only route: ${response.text}`).toContain(response.status);
          } else if (key === TEMPLATE_UPDATE) {
            // The matrix workflow was not cloned from a template: there is no update to show.
            expect(response.status, `${label}: ${response.text}`).toBe(404);
            expect(response.text).toContain('not cloned from one');
          } else if (route.method === 'get') {
            // Reads address real objects of the tenant, so they succeed.
            expect(response.status, `${label} holds ${permission}: ${response.text}`).toBe(200);
          } else {
            expect([401, 403], `${label} holds ${permission}: ${response.text}`).not.toContain(response.status);
          }
        }
        for (const scope of foreign) {
          const label = `${key} as ${actor.email} in foreign ${scope.label}`;
          const response = await call(route, urlOf(route, scope), actor);
          expect(response.status, `${label}: ${response.text}`).toBe(404);
          expect(response.body, `${label} answers like a tenant that does not exist`).toEqual(missing.body);
          for (const secret of scope.secrets) expect(response.text, `${label} leaks ${secret}`).not.toContain(secret);
          expect(response.headers.get('content-disposition')).toBeNull();

          // Another tenant's object addressed through a tenant the user may act in: 404 as well (or
          // 400 first, where the `{}` body is refused before the object is looked up).
          const home = own[0];
          if (!allowed || !home || !paramNames(route).some((name) => OBJECT_PARAMS.has(name))) continue;
          const mixed: Scope = { ...scope, ids: { ...scope.ids, tenantId: home.ids.tenantId ?? '' }, expendable: {} };
          const crossed = await call(route, urlOf(route, mixed), actor);
          const crossedLabel = `${key} as ${actor.email} in ${home.label} with ids of ${scope.label}`;
          expectNoServerError(crossed, crossedLabel);
          expect(route.body ? [400, 404] : [404], `${crossedLabel}: ${crossed.text}`).toContain(crossed.status);
          for (const secret of scope.secrets.filter((word) => !home.secrets.includes(word))) {
            expect(crossed.text, `${crossedLabel} leaks ${secret}`).not.toContain(secret);
          }
        }
      }
    }
  });
});

describe('role matrix: public and user routes', () => {
  it.each(otherRoutes.map((route) => [keyOf(route), route] as const))('%s', async (key, route) => {
    const anonymous = await call(route, urlOf(route, contoso), undefined);
    expectNoServerError(anonymous, `${key} without a token`);
    if (route.access.kind === 'platform') {
      // The platform operator's routes: no role in any tenant reaches them.
      expect(anonymous.status, `${key} needs a signed-in user`).toBe(401);
      for (const actor of [...customerUsers, ...partnerUsers]) {
        const response = await call(route, urlOf(route, contoso), actor);
        expect(response.status, `${key} as ${actor.email}: ${response.text}`).toBe(403);
        expectErrorShape(response, key);
      }
    } else if (route.access.kind === 'user') {
      expect(anonymous.status, `${key} needs a signed-in user`).toBe(401);
      expect((anonymous.body as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
      for (const actor of [...customerUsers, ...partnerUsers]) {
        const response = await call(route, urlOf(route, contoso), actor);
        expectNoServerError(response, `${key} as ${actor.email}`);
        expect([401, 403], `${key} as ${actor.email}: ${response.text}`).not.toContain(response.status);
      }
    } else {
      // Public routes authenticate by what they are sent (credentials, a signed link), not by a session.
      expect(anonymous.status, `${key}: ${anonymous.text}`).not.toBe(403);
    }
  });

  it('shows each user only their own workspaces', async () => {
    for (const actor of customerUsers) {
      const me = ok(await actor.client.request<{ workspaces: { tenant: { id: string } }[] }>('GET', '/api/v1/me'), 200, 'me');
      expect(me.workspaces.map((workspace) => workspace.tenant.id)).toEqual([server.tenants.customer]);
    }
    for (const actor of partnerUsers) {
      const me = ok(await actor.client.request<{ workspaces: { tenant: { id: string } }[] }>('GET', '/api/v1/me'), 200, 'me');
      const ids = me.workspaces.map((workspace) => workspace.tenant.id);
      expect(ids.sort()).toEqual([server.tenants.partner, server.tenants.customer, fabrikam.ids.tenantId ?? ''].sort());
      for (const secret of [...globex.secrets, ...initech.secrets]) expect(JSON.stringify(me)).not.toContain(secret);
    }
  });
});

describe('after the whole matrix', () => {
  it('the server logged no failure (no request ended in a 500)', () => {
    const failures = server.logs.filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
    expect(failures).toEqual([]);
  });
});

describe('the role matrix in docs/api.md', () => {
  it('is the one generated from apiRoutes and the role grants (npx tsx scripts/generate-role-matrix.ts)', () => {
    const doc = readFileSync(join(root, 'docs/api.md'), 'utf8');
    const start = doc.indexOf(ROLE_MATRIX_START);
    const end = doc.indexOf(ROLE_MATRIX_END);
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    expect(doc.slice(start, end + ROLE_MATRIX_END.length)).toBe(roleMatrixMarkdown(apiRoutes));
  });
});
