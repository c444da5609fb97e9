import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkflow, expectError, expectOk } from '../../support/api-helpers.js';
import { workflow } from '../../support/definitions.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../../support/server-harness.js';

interface Tenant {
  id: string;
  slug: string;
  name: string;
  kind: 'partner' | 'customer';
  parentId: string | null;
}
interface Member {
  userId: string;
  email: string;
  name: string;
  roles: string[];
}
interface Branding {
  productName: string;
  logoDataUrl: string | null;
  primaryColor: string;
  accentColor: string;
  supportEmail: string | null;
  supportUrl: string | null;
}

let server: ServerHarness;
let partnerOwner: ApiClient;
let customerOwner: ApiClient;
let consultant: ApiClient;
let partner: string;
let customer: string;
beforeAll(async () => {
  server = await startServerHarness();
  partnerOwner = await server.signIn(DEMO.partnerOwner);
  customerOwner = await server.signIn(DEMO.customerOwner);
  consultant = await server.signIn(DEMO.consultant);
  ({ partner, customer } = server.tenants);
});
afterAll(() => server.close());

describe('customer tenants', () => {
  let fabrikam: Tenant;

  it('lets a partner owner create a customer tenant', async () => {
    fabrikam = expectOk(await partnerOwner.request<Tenant>('POST', `/api/v1/tenants/${partner}/customers`, { name: 'Fabrikam Retail', slug: 'fabrikam' }), 201);
    expect(fabrikam).toMatchObject({ slug: 'fabrikam', name: 'Fabrikam Retail', kind: 'customer', parentId: partner });
    const customers = expectOk(await partnerOwner.request<Tenant[]>('GET', `/api/v1/tenants/${partner}/customers`));
    expect(customers.map((tenant) => tenant.slug)).toEqual(['contoso', 'fabrikam']);
    // Partner staff act in the new customer at once, with their partner roles.
    expect(expectOk(await consultant.request<{ roles: string[]; via: string }>('GET', `/api/v1/tenants/${fabrikam.id}`))).toMatchObject({
      roles: ['designer'],
      via: 'partner',
    });
  });

  it('refuses a customer owner (403) and a partner designer (403)', async () => {
    const byCustomer = expectError(await customerOwner.request('POST', `/api/v1/tenants/${customer}/customers`, { name: 'Sub', slug: 'sub-customer' }), 403, 'FORBIDDEN');
    expect(byCustomer.message).toContain('partner');
    const byDesigner = expectError(await consultant.request('POST', `/api/v1/tenants/${partner}/customers`, { name: 'Sub', slug: 'sub-customer' }), 403, 'FORBIDDEN');
    expect(byDesigner.message).toBe('your role in this tenant (designer) does not allow you to create customer workspaces');
    // Nor can the customer owner reach the partner tenant to try there: it does not exist for them.
    expectError(await customerOwner.request('POST', `/api/v1/tenants/${partner}/customers`, { name: 'Sub', slug: 'sub-customer' }), 404, 'NOT_FOUND');
  });

  it('answers 409 for a taken slug and 400 for a malformed one', async () => {
    expect(expectError(await partnerOwner.request('POST', `/api/v1/tenants/${partner}/customers`, { name: 'Again', slug: 'contoso' }), 409, 'CONFLICT').message).toContain(
      'contoso',
    );
    expect(expectError(await partnerOwner.request('POST', `/api/v1/tenants/${partner}/customers`, { name: 'Again', slug: 'Not A Slug' }), 400, 'INVALID_REQUEST').details).toEqual([
      { path: 'body.slug', message: 'lowercase letters, digits and inner dashes' },
    ]);
  });

  it('never shows a customer another customer', async () => {
    expectError(await customerOwner.request('GET', `/api/v1/tenants/${fabrikam.id}`), 404, 'NOT_FOUND');
    expectError(await customerOwner.request('GET', `/api/v1/tenants/${fabrikam.id}/workflows`), 404, 'NOT_FOUND');
    expectError(await customerOwner.request('GET', `/api/v1/tenants/${fabrikam.id}/members`), 404, 'NOT_FOUND');
    expectError(await customerOwner.request('GET', `/api/v1/tenants/${partner}/customers`), 404, 'NOT_FOUND');
    const missing = expectError(await customerOwner.request('GET', '/api/v1/tenants/no-such-tenant'), 404, 'NOT_FOUND');
    // A foreign tenant and one that does not exist answer alike.
    expect(expectError(await customerOwner.request('GET', `/api/v1/tenants/${fabrikam.id}`), 404).message).toBe(missing.message);
    const me = expectOk(await customerOwner.request<{ workspaces: { tenant: Tenant }[] }>('GET', '/api/v1/me'));
    expect(me.workspaces.map((workspace) => workspace.tenant.slug)).toEqual(['contoso']);
  });
});

describe('branding', () => {
  const brand: Branding = {
    productName: 'Northwind Automate',
    logoDataUrl: null,
    primaryColor: '#112233',
    accentColor: '#ABCDEF',
    supportEmail: 'help@northwind.example',
    supportUrl: 'https://help.northwind.example',
  };

  it('lets a partner owner read and set the brand, which customer users then see', async () => {
    expect(expectOk(await partnerOwner.request<Branding>('GET', `/api/v1/tenants/${partner}/branding`)).productName).toBe('Northwind Flow');
    expect(expectOk(await partnerOwner.request<Branding>('PUT', `/api/v1/tenants/${partner}/branding`, brand))).toEqual(brand);
    expect(expectOk(await partnerOwner.request<Branding>('GET', `/api/v1/tenants/${partner}/branding`))).toEqual(brand);
    expect(expectOk(await customerOwner.request<Branding>('GET', `/api/v1/tenants/${customer}/branding`))).toEqual(brand);
    const me = expectOk(await customerOwner.request<{ workspaces: { branding: Branding }[] }>('GET', '/api/v1/me'));
    expect(me.workspaces[0]?.branding.productName).toBe('Northwind Automate');
  });

  it('refuses a bad colour with 400 and the field path', async () => {
    const error = expectError(await partnerOwner.request('PUT', `/api/v1/tenants/${partner}/branding`, { ...brand, primaryColor: 'red' }), 400, 'INVALID_REQUEST');
    expect(error.details).toEqual([{ path: 'body.primaryColor', message: 'must be a colour like #1f6feb' }]);
    expect(error.message).toContain('body.primaryColor');
    const script = expectError(
      await partnerOwner.request('PUT', `/api/v1/tenants/${partner}/branding`, { ...brand, logoDataUrl: 'javascript:alert(1)' }),
      400,
      'INVALID_REQUEST',
    );
    expect(script.details.map((detail) => detail.path)).toEqual(['body.logoDataUrl']);
    expect(expectOk(await partnerOwner.request<Branding>('GET', `/api/v1/tenants/${partner}/branding`)).primaryColor).toBe('#112233');
  });

  it('lets neither customers nor partner designers change a brand', async () => {
    expect(expectError(await customerOwner.request('PUT', `/api/v1/tenants/${customer}/branding`, brand), 403, 'FORBIDDEN').message).toContain('partner');
    expectError(await consultant.request('PUT', `/api/v1/tenants/${partner}/branding`, brand), 403, 'FORBIDDEN');
    expectError(await partnerOwner.request('PUT', `/api/v1/tenants/${customer}/branding`, brand), 403, 'FORBIDDEN');
  });
});

describe('members', () => {
  const email = 'new.person@contoso.example';
  let added: { member: Member; temporaryPassword: string | null };

  it('adds a new person with a one-time password they can sign in with', async () => {
    const response = await customerOwner.request<typeof added>('POST', `/api/v1/tenants/${customer}/members`, { email: 'New.Person@Contoso.example', name: 'New Person', roles: ['viewer'] });
    added = expectOk(response, 201);
    expect(added.member).toMatchObject({ email, name: 'New Person', roles: ['viewer'] });
    expect(added.temporaryPassword).toEqual(expect.any(String));
    expect(added.temporaryPassword?.length).toBeGreaterThanOrEqual(12);

    const list = await customerOwner.request<Member[]>('GET', `/api/v1/tenants/${customer}/members`);
    expect(expectOk(list).find((member) => member.email === email)?.roles).toEqual(['viewer']);
    expect(list.text).not.toContain(added.temporaryPassword);

    const newcomer = await server.signIn(email, added.temporaryPassword ?? '');
    expect(expectOk(await newcomer.request<{ roles: string[] }>('GET', `/api/v1/tenants/${customer}`)).roles).toEqual(['viewer']);
    expectError(await newcomer.request('POST', `/api/v1/tenants/${customer}/workflows`, { name: 'Not allowed' }), 403, 'FORBIDDEN');
  });

  it('adds an existing account without a password, and refuses a duplicate membership', async () => {
    const existing = expectOk(
      await customerOwner.request<typeof added>('POST', `/api/v1/tenants/${customer}/members`, { email: DEMO.approver, name: 'ignored', roles: ['approver'] }),
      201,
    );
    expect(existing.temporaryPassword).toBeNull();
    expect(existing.member).toMatchObject({ email: DEMO.approver, name: 'Alex Approver' });
    expect(expectError(await customerOwner.request('POST', `/api/v1/tenants/${customer}/members`, { email, name: 'Again', roles: ['viewer'] }), 409, 'CONFLICT').message).toContain(
      email,
    );
    expectError(await customerOwner.request('POST', `/api/v1/tenants/${customer}/members`, { email: 'not-an-email', name: 'X', roles: ['viewer'] }), 400, 'INVALID_REQUEST');
    const badRole = expectError(await customerOwner.request('POST', `/api/v1/tenants/${customer}/members`, { email: 'x@contoso.example', name: 'X', roles: ['admin'] }), 400);
    expect(badRole.details[0]?.path).toBe('body.roles.0');
  });

  it("lists a customer once for a partner member who is also the customer's member, with the member roles", async () => {
    // The approver of the partner was added to the customer in the test above.
    const approver = await server.signIn(DEMO.approver);
    const me = expectOk(await approver.request<{ workspaces: { tenant: { id: string }; roles: string[]; via: string }[] }>('GET', '/api/v1/me'));
    const listed = me.workspaces.filter((workspace) => workspace.tenant.id === customer);
    expect(listed).toEqual([expect.objectContaining({ roles: ['approver'], via: 'member' })]);
    expect(new Set(me.workspaces.map((workspace) => workspace.tenant.id)).size).toBe(me.workspaces.length);
  });

  it("changes a member's roles, which take effect at once", async () => {
    const changed = expectOk(await customerOwner.request<Member>('PUT', `/api/v1/tenants/${customer}/members/${added.member.userId}`, { roles: ['designer', 'operator'] }));
    expect(changed.roles).toEqual(['designer', 'operator']);
    const newcomer = await server.signIn(email, added.temporaryPassword ?? '');
    expect((await newcomer.request('POST', `/api/v1/tenants/${customer}/workflows`, { name: 'Allowed now' })).status).toBe(201);
    expectError(await customerOwner.request('PUT', `/api/v1/tenants/${customer}/members/no-such-user`, { roles: ['viewer'] }), 404, 'NOT_FOUND');
  });

  it('refuses member changes by anyone without member.manage', async () => {
    const operator = await server.signIn(DEMO.operator);
    expect(expectOk(await operator.request<Member[]>('GET', `/api/v1/tenants/${customer}/members`)).length).toBeGreaterThan(0);
    expectError(await operator.request('PUT', `/api/v1/tenants/${customer}/members/${added.member.userId}`, { roles: ['owner'] }), 403, 'FORBIDDEN');
    expectError(await operator.request('POST', `/api/v1/tenants/${customer}/members`, { email: 'x@contoso.example', name: 'X', roles: ['owner'] }), 403, 'FORBIDDEN');
  });

  it('removes a member, who then loses access', async () => {
    const newcomer = await server.signIn(email, added.temporaryPassword ?? '');
    expect(expectOk(await customerOwner.request<Member>('DELETE', `/api/v1/tenants/${customer}/members/${added.member.userId}`)).email).toBe(email);
    expectError(await newcomer.request('GET', `/api/v1/tenants/${customer}`), 404, 'NOT_FOUND');
    expect(expectOk(await customerOwner.request<Member[]>('GET', `/api/v1/tenants/${customer}/members`)).some((member) => member.email === email)).toBe(false);
    expectError(await customerOwner.request('DELETE', `/api/v1/tenants/${customer}/members/${added.member.userId}`), 404, 'NOT_FOUND');
  });

  it('keeps the last owner: neither removed nor demoted (409)', async () => {
    const owner = customerOwner.userId;
    expect(expectError(await customerOwner.request('DELETE', `/api/v1/tenants/${customer}/members/${owner}`), 409, 'CONFLICT').message).toBe(
      'a tenant needs at least one owner',
    );
    expectError(await customerOwner.request('PUT', `/api/v1/tenants/${customer}/members/${owner}`, { roles: ['viewer'] }), 409, 'CONFLICT');
    // With a second owner, the first may step down.
    const second = expectOk(
      await customerOwner.request<{ member: Member }>('POST', `/api/v1/tenants/${customer}/members`, { email: 'second.owner@contoso.example', name: 'Second Owner', roles: ['owner'] }),
      201,
    );
    expect(expectOk(await customerOwner.request<Member>('PUT', `/api/v1/tenants/${customer}/members/${owner}`, { roles: ['owner', 'approver'] })).roles).toEqual(['owner', 'approver']);
    expectOk(await customerOwner.request('DELETE', `/api/v1/tenants/${customer}/members/${second.member.userId}`));
    expectError(await customerOwner.request('DELETE', `/api/v1/tenants/${customer}/members/${owner}`), 409, 'CONFLICT');
  });
});

describe('policy', () => {
  it('reads the default and sets a new policy', async () => {
    const standing = { approvalFloor: 1 };
    expect(expectOk(await customerOwner.request('GET', `/api/v1/tenants/${customer}/policy`))).toEqual({ requiredApprovals: 1, retentionDays: 30, ...standing, effectiveRequiredApprovals: 1 });
    expect(expectOk(await customerOwner.request('PUT', `/api/v1/tenants/${customer}/policy`, { requiredApprovals: 2, retentionDays: 90 }))).toEqual({
      requiredApprovals: 2,
      retentionDays: 90,
      ...standing,
      effectiveRequiredApprovals: 2,
    });
    expect(expectOk(await consultant.request('GET', `/api/v1/tenants/${customer}/policy`))).toEqual({ requiredApprovals: 2, retentionDays: 90, ...standing, effectiveRequiredApprovals: 2 });
  });

  it('refuses an invalid policy with the field paths, and anyone without policy.manage', async () => {
    const error = expectError(await customerOwner.request('PUT', `/api/v1/tenants/${customer}/policy`, { requiredApprovals: 0, retentionDays: 90 }), 400, 'INVALID_REQUEST');
    expect(error.details.map((detail) => detail.path)).toEqual(['body.requiredApprovals']);
    const unknown = expectError(await customerOwner.request('PUT', `/api/v1/tenants/${customer}/policy`, { requiredApprovals: 1, retentionDays: 90, approvals: 3 }), 400);
    expect(unknown.details[0]?.message).toContain('approvals');
    expectError(await consultant.request('PUT', `/api/v1/tenants/${customer}/policy`, { requiredApprovals: 1, retentionDays: 30 }), 403, 'FORBIDDEN');
    expect(expectOk(await customerOwner.request('GET', `/api/v1/tenants/${customer}/policy`))).toMatchObject({ requiredApprovals: 2, retentionDays: 90 });
  });

  it("holds a customer to its partner's approval floor, which it can raise but never lower", async () => {
    const partnerPolicy = `/api/v1/tenants/${partner}/policy`;
    const customerPolicy = `/api/v1/tenants/${customer}/policy`;
    expect(expectOk(await partnerOwner.request('GET', partnerPolicy))).toMatchObject({ customerApprovalFloor: 1, approvalFloor: 1 });
    expect(expectOk(await partnerOwner.request('PUT', partnerPolicy, { requiredApprovals: 1, retentionDays: 30, customerApprovalFloor: 3 }))).toMatchObject({ customerApprovalFloor: 3 });
    // The floor applies at once: the customer's own 2 is raised to 3.
    expect(expectOk(await customerOwner.request('GET', customerPolicy))).toMatchObject({ requiredApprovals: 2, approvalFloor: 3, effectiveRequiredApprovals: 3 });
    const below = expectError(await customerOwner.request('PUT', customerPolicy, { requiredApprovals: 1, retentionDays: 30 }), 422, 'UNPROCESSABLE');
    expect(below.message).toContain('at least 3');
    expect(below.details.map((detail) => detail.path)).toEqual(['body.requiredApprovals']);
    // Partner staff acting in the customer are bound by the same floor.
    expectError(await partnerOwner.request('PUT', customerPolicy, { requiredApprovals: 2, retentionDays: 30 }), 422, 'UNPROCESSABLE');
    expectError(await customerOwner.request('PUT', customerPolicy, { requiredApprovals: 4, retentionDays: 30, customerApprovalFloor: 1 }), 422, 'UNPROCESSABLE');
    expect(expectOk(await customerOwner.request('PUT', customerPolicy, { requiredApprovals: 4, retentionDays: 30 }))).toMatchObject({ effectiveRequiredApprovals: 4 });
    expect(server.app.tenants.effectiveRequiredApprovals(customer)).toBe(4);
    expectOk(await partnerOwner.request('PUT', partnerPolicy, { requiredApprovals: 1, retentionDays: 30, customerApprovalFloor: 1 }));
    expectOk(await customerOwner.request('PUT', customerPolicy, { requiredApprovals: 2, retentionDays: 90 }));
  });

  it('makes sign-off wait for as many approvals as the floor asks, over a customer policy of one', async () => {
    expectOk(await customerOwner.request('PUT', `/api/v1/tenants/${customer}/policy`, { requiredApprovals: 1, retentionDays: 30 }));
    expectOk(await partnerOwner.request('PUT', `/api/v1/tenants/${partner}/policy`, { requiredApprovals: 1, retentionDays: 30, customerApprovalFloor: 2 }));
    const approver = await server.signIn(DEMO.approver);
    const { id } = await createWorkflow(consultant, customer, 'Floor check', workflow([{ id: 'start', type: 'trigger.manual' }], []));
    const base = `/api/v1/tenants/${customer}/workflows/${id}`;
    expectOk(await consultant.request('POST', `${base}/versions`, { note: 'floor' }), 201);
    expect(expectOk(await approver.request<{ status: string }>('POST', `${base}/versions/1/approve`, {})).status).toBe('pending');
    expect(expectOk(await customerOwner.request<{ status: string }>('POST', `${base}/versions/1/approve`, {})).status).toBe('approved');
    expectOk(await partnerOwner.request('PUT', `/api/v1/tenants/${partner}/policy`, { requiredApprovals: 1, retentionDays: 30, customerApprovalFloor: 1 }));
  });
});
