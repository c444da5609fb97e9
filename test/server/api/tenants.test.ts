import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteAndAccept, newPassword, nextMailTo } from '../../support/accounts.js';
import { createWorkflow, expectError, expectOk } from '../../support/api-helpers.js';
import { workflow } from '../../support/definitions.js';
import { linkIn, tokenOf } from '../../support/mail-sink.js';
import { DEMO, startServerHarness, type ApiClient, type ApiResponse, type ServerHarness } from '../../support/server-harness.js';

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
interface Invitation {
  id: string;
  email: string;
  roles: string[];
  status: string;
  createdAt: string;
  expiresAt: string;
}
interface Invited {
  invitation: Invitation;
  delivery: string;
}
interface Accepted {
  account: string;
  email: string;
  workspace: { tenant: { id: string }; roles: string[]; via: string };
}
interface Branding {
  productName: string;
  logoUrl: string | null;
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
  const brand = {
    productName: 'Northwind Automate',
    primaryColor: '#112233',
    accentColor: '#ABCDEF',
    supportEmail: 'help@northwind.example',
    supportUrl: 'https://help.northwind.example',
  };

  it('lets a partner owner read and set the brand, which customer users then see', async () => {
    const demo = expectOk(await partnerOwner.request<Branding>('GET', `/api/v1/tenants/${partner}/branding`));
    expect(demo.productName).toBe('Northwind Flow');
    // Leaving the logo out keeps it; null removes it.
    expect(expectOk(await partnerOwner.request<Branding>('PUT', `/api/v1/tenants/${partner}/branding`, brand))).toEqual({ ...brand, logoUrl: demo.logoUrl });
    const set = { ...brand, logoUrl: null };
    expect(expectOk(await partnerOwner.request<Branding>('PUT', `/api/v1/tenants/${partner}/branding`, { ...brand, logoDataUrl: null }))).toEqual(set);
    expect(expectOk(await partnerOwner.request<Branding>('GET', `/api/v1/tenants/${partner}/branding`))).toEqual(set);
    expect(expectOk(await customerOwner.request<Branding>('GET', `/api/v1/tenants/${customer}/branding`))).toEqual(set);
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

describe('members and invitations', () => {
  const email = 'new.person@contoso.example';
  let newcomer: ApiClient;
  let newcomerId: string;
  let newcomerPassword: string;

  /** Invites as the customer owner; answers the API's answer and the link the invited address received. */
  async function invite(to: string, roles: string[]): Promise<{ response: ApiResponse<Invited>; link: string }> {
    const since = server.mail.messages.length;
    const response = await customerOwner.request<Invited>('POST', `/api/v1/tenants/${customer}/members`, { email: to, roles });
    expect(response.status, response.text).toBe(201);
    return { response, link: linkIn(await nextMailTo(server, to, since, /invited/), '/accept-invite') };
  }
  const accept = (link: string, body: unknown, as?: ApiClient) =>
    (as ?? server).request<Accepted>('POST', `/api/v1/invitations/${encodeURIComponent(tokenOf(link))}/accept`, body);

  it("lists the partner's people, who act in a customer's workspace, to the customer's members; a partner has none above it", async () => {
    const staff = expectOk(await customerOwner.request<{ partner: { id: string; name: string } | null; members: { email: string; roles: string[] }[] }>('GET', `/api/v1/tenants/${customer}/partner-staff`));
    expect(staff.partner).toEqual({ id: partner, name: 'Northwind Integrations' });
    expect(staff.members).toEqual(expect.arrayContaining([expect.objectContaining({ email: DEMO.consultant, roles: ['designer'] }), expect.objectContaining({ email: DEMO.partnerOwner })]));
    // Nobody of the customer's own is among them.
    expect(staff.members.some((member) => member.email === DEMO.customerOwner)).toBe(false);
    expect(expectOk(await partnerOwner.request('GET', `/api/v1/tenants/${partner}/partner-staff`))).toEqual({ partner: null, members: [] });
    expectError(await customerOwner.request('GET', `/api/v1/tenants/${partner}/partner-staff`), 404, 'NOT_FOUND');
  });

  it('invites a new person by a mailed link; the answer holds no password, and the membership exists once they accept', async () => {
    const { response, link } = await invite('New.Person@Contoso.example', ['viewer']);
    const { invitation, delivery } = response.body;
    expect(Object.keys(response.body).sort()).toEqual(['delivery', 'invitation']);
    expect(delivery).toBe('sent');
    expect(invitation).toMatchObject({ email, roles: ['viewer'], status: 'pending' });
    // Valid 72 hours.
    expect(Date.parse(invitation.expiresAt) - Date.parse(invitation.createdAt)).toBe(72 * 3_600_000);
    expect(response.text).not.toContain(tokenOf(link));
    expect(response.text).not.toMatch(/password/i);
    expect(link.startsWith(`${server.url}/accept-invite?token=fgi_`)).toBe(true);

    // Not a member yet: listed as an invitation, not among the members.
    expect(expectOk(await customerOwner.request<Member[]>('GET', `/api/v1/tenants/${customer}/members`)).some((member) => member.email === email)).toBe(false);
    expect(expectOk(await customerOwner.request<Invitation[]>('GET', `/api/v1/tenants/${customer}/invitations`)).map((listed) => listed.email)).toContain(email);

    const shown = expectOk(await server.request<{ email: string; roles: string[]; tenant: { name: string }; account: string; invitedBy: string; branding: { productName: string } }>('GET', `/api/v1/invitations/${tokenOf(link)}`));
    expect(shown).toMatchObject({ email, roles: ['viewer'], tenant: { name: 'Contoso Distribution' }, account: 'new', invitedBy: 'Olivia Owner' });
    // Under the customer's partner's brand (set in the branding tests above).
    expect(shown.branding).toEqual(expectOk(await customerOwner.request('GET', `/api/v1/tenants/${customer}/branding`)));

    expect(expectError(await accept(link, { password: newPassword() }), 400, 'BAD_REQUEST').details).toEqual([{ path: 'body.name', message: 'enter your name' }]);
    const weak = expectError(await accept(link, { name: 'New Person', password: 'short' }), 422, 'WEAK_PASSWORD');
    expect(weak.details).toEqual([{ path: 'body.password', message: 'must be at least 12 characters long (it has 5)' }]);
    expect(expectError(await accept(link, { name: 'New Person', password: email }), 422, 'WEAK_PASSWORD').message).toContain('email');

    newcomerPassword = newPassword();
    const accepted = expectOk(await accept(link, { name: 'New Person', password: newcomerPassword }));
    expect(accepted).toMatchObject({ account: 'created', email, workspace: { tenant: { id: customer }, roles: ['viewer'], via: 'member' } });
    newcomer = await server.signIn(email, newcomerPassword);
    newcomerId = newcomer.userId;
    expect(expectOk(await newcomer.request<{ roles: string[] }>('GET', `/api/v1/tenants/${customer}`)).roles).toEqual(['viewer']);
    expectError(await newcomer.request('POST', `/api/v1/tenants/${customer}/workflows`, { name: 'Not allowed' }), 403, 'FORBIDDEN');
    expect(expectOk(await customerOwner.request<Member[]>('GET', `/api/v1/tenants/${customer}/members`)).find((member) => member.email === email)).toMatchObject({ name: 'New Person', roles: ['viewer'] });

    // The link works once.
    expectError(await accept(link, { name: 'Someone Else', password: newPassword() }), 410, 'LINK_USED');
    expect(expectOk(await customerOwner.request<Invitation[]>('GET', `/api/v1/tenants/${customer}/invitations`)).map((listed) => listed.email)).not.toContain(email);
  });

  it('answers alike whether or not the email has an account anywhere (no probing)', async () => {
    // `name` is what older clients send with an invitation; it is ignored (the person chooses their own).
    const add = async (to: string) => expectOk(await customerOwner.request<Invited>('POST', `/api/v1/tenants/${customer}/members`, { email: to, name: 'Someone', roles: ['viewer'] }), 201);
    const unknown = await add('nobody.yet@elsewhere.example');
    const known = await add(DEMO.consultant);
    const shape = (body: Invited) => ({ ...body, invitation: { ...body.invitation, id: typeof body.invitation.id, email: '', createdAt: typeof body.invitation.createdAt, expiresAt: typeof body.invitation.expiresAt } });
    expect(shape(known)).toEqual(shape(unknown));
    for (const invited of [unknown, known]) expectOk(await customerOwner.request('DELETE', `/api/v1/tenants/${customer}/invitations/${invited.invitation.id}`));
  });

  it("adds a customer membership's roles to those a partner member holds there, and never takes any away", async () => {
    const operator = await server.signIn(DEMO.operator);
    const partnerStaff = await server.signIn(DEMO.consultant);
    // A viewer membership in the customer for the partner's designer, as an invitation accepted long ago left it.
    await server.app.sql.run('INSERT INTO memberships (user_id, tenant_id, roles, created_at) VALUES (?, ?, ?, ?)', [partnerStaff.userId, customer, JSON.stringify(['viewer']), Date.now()]);
    expect(expectOk(await partnerStaff.request<{ roles: string[]; via: string }>('GET', `/api/v1/tenants/${customer}`))).toMatchObject({ roles: ['designer', 'viewer'], via: 'both' });
    expect((await partnerStaff.request('POST', `/api/v1/tenants/${customer}/workflows`, { name: 'Still a designer here' })).status).toBe(201);
    const me = expectOk(await partnerStaff.request<{ workspaces: { tenant: { id: string }; roles: string[]; via: string }[] }>('GET', '/api/v1/me'));
    expect(me.workspaces.filter((workspace) => workspace.tenant.id === customer)).toEqual([expect.objectContaining({ roles: ['designer', 'viewer'], via: 'both' })]);
    // The customer's own members are untouched by it.
    expect(expectOk(await operator.request<{ roles: string[]; via: string }>('GET', `/api/v1/tenants/${customer}`))).toMatchObject({ roles: ['operator'], via: 'member' });
    await server.app.sql.run('DELETE FROM memberships WHERE user_id = ? AND tenant_id = ?', [partnerStaff.userId, customer]);
  });

  it('never lowers what a partner member holds in a customer: an approver invited as viewer keeps approving there', async () => {
    const approver = await server.signIn(DEMO.approver);
    const { link } = await invite(DEMO.approver, ['viewer']);
    expect(expectOk(await server.request<{ account: string }>('GET', `/api/v1/invitations/${tokenOf(link)}`)).account).toBe('existing');
    // An existing account accepts signed in as itself, never by whoever holds the link.
    expect(expectError(await accept(link, {}), 401, 'UNAUTHENTICATED').message).toBe(`sign in as ${DEMO.approver} to accept this invitation`);
    expectError(await accept(link, { name: 'Mallory', password: newPassword() }), 401, 'UNAUTHENTICATED');
    expect(expectError(await accept(link, {}, customerOwner), 403, 'FORBIDDEN').message).toContain(DEMO.approver);
    expect(expectOk(await accept(link, {}, approver))).toMatchObject({ account: 'existing', workspace: { roles: ['approver', 'viewer'], via: 'both' } });

    expect(expectOk(await approver.request<{ roles: string[]; via: string }>('GET', `/api/v1/tenants/${customer}`))).toMatchObject({ roles: ['approver', 'viewer'], via: 'both' });
    // audit.read comes with the approver role (through the partner), not with viewer.
    expect((await approver.request('GET', `/api/v1/tenants/${customer}/audit`)).status).toBe(200);
    const me = expectOk(await approver.request<{ workspaces: { tenant: { id: string }; roles: string[]; via: string }[] }>('GET', '/api/v1/me'));
    expect(me.workspaces.filter((workspace) => workspace.tenant.id === customer)).toEqual([expect.objectContaining({ roles: ['approver', 'viewer'], via: 'both' })]);
    expect(new Set(me.workspaces.map((workspace) => workspace.tenant.id)).size).toBe(me.workspaces.length);
  });

  it('refuses inviting a member (409), a second pending invitation (409), and malformed invitations (400)', async () => {
    expect(expectError(await customerOwner.request('POST', `/api/v1/tenants/${customer}/members`, { email, roles: ['viewer'] }), 409, 'CONFLICT').message).toContain(
      `${email} is already a member`,
    );
    const { response } = await invite('pending.person@contoso.example', ['operator']);
    expect(
      expectError(await customerOwner.request('POST', `/api/v1/tenants/${customer}/members`, { email: 'pending.person@contoso.example', roles: ['viewer'] }), 409, 'CONFLICT').message,
    ).toContain('already pending');
    expectOk(await customerOwner.request('DELETE', `/api/v1/tenants/${customer}/invitations/${response.body.invitation.id}`));
    expectError(await customerOwner.request('POST', `/api/v1/tenants/${customer}/members`, { email: 'not-an-email', roles: ['viewer'] }), 400, 'INVALID_REQUEST');
    const badRole = expectError(await customerOwner.request('POST', `/api/v1/tenants/${customer}/members`, { email: 'x@contoso.example', roles: ['admin'] }), 400);
    expect(badRole.details[0]?.path).toBe('body.roles.0');
  });

  it('revokes an invitation, re-sends one with a new link (the old one dies), and refuses expired links (410)', async () => {
    const revoked = await invite('revoked.person@contoso.example', ['viewer']);
    expect(expectOk(await customerOwner.request<Invitation>('DELETE', `/api/v1/tenants/${customer}/invitations/${revoked.response.body.invitation.id}`)).status).toBe('revoked');
    expectError(await server.request('GET', `/api/v1/invitations/${tokenOf(revoked.link)}`), 410, 'LINK_REVOKED');
    expectError(await accept(revoked.link, { name: 'R', password: newPassword() }), 410, 'LINK_REVOKED');
    expectError(await customerOwner.request('DELETE', `/api/v1/tenants/${customer}/invitations/${revoked.response.body.invitation.id}`), 404, 'NOT_FOUND');

    const first = await invite('resent.person@contoso.example', ['designer']);
    const id = first.response.body.invitation.id;
    const since = server.mail.messages.length;
    const resent = expectOk(await customerOwner.request<Invited>('POST', `/api/v1/tenants/${customer}/invitations/${id}/resend`));
    expect(resent).toMatchObject({ delivery: 'sent', invitation: { id, status: 'pending' } });
    const second = linkIn(await nextMailTo(server, 'resent.person@contoso.example', since, /invited/), '/accept-invite');
    expect(second).not.toBe(first.link);
    expectError(await server.request('GET', `/api/v1/invitations/${tokenOf(first.link)}`), 404, 'INVALID_LINK');
    expect(expectOk(await accept(second, { name: 'Resent Person', password: newPassword() })).workspace.roles).toEqual(['designer']);

    const expired = await invite('late.person@contoso.example', ['viewer']);
    await server.app.sql.run('UPDATE invitations SET expires_at = ? WHERE id = ?', [Date.now() - 1000, expired.response.body.invitation.id]);
    expect(expectError(await accept(expired.link, { name: 'Late', password: newPassword() }), 410, 'LINK_EXPIRED').message).toContain('expired');
    expect(expectOk(await customerOwner.request<Invitation[]>('GET', `/api/v1/tenants/${customer}/invitations`)).find((listed) => listed.email === 'late.person@contoso.example')?.status).toBe('expired');
    // Inviting again replaces the expired invitation.
    await invite('late.person@contoso.example', ['viewer']);
    expect(expectOk(await customerOwner.request<Invitation[]>('GET', `/api/v1/tenants/${customer}/invitations`)).filter((listed) => listed.email === 'late.person@contoso.example')).toEqual([
      expect.objectContaining({ status: 'pending' }),
    ]);
  });

  it("changes a member's roles, which take effect at once", async () => {
    const changed = expectOk(await customerOwner.request<Member>('PUT', `/api/v1/tenants/${customer}/members/${newcomerId}`, { roles: ['designer', 'operator'] }));
    expect(changed.roles).toEqual(['designer', 'operator']);
    expect((await newcomer.request('POST', `/api/v1/tenants/${customer}/workflows`, { name: 'Allowed now' })).status).toBe(201);
    expectError(await customerOwner.request('PUT', `/api/v1/tenants/${customer}/members/no-such-user`, { roles: ['viewer'] }), 404, 'NOT_FOUND');
  });

  it('refuses member changes by anyone without member.manage', async () => {
    const operator = await server.signIn(DEMO.operator);
    expect(expectOk(await operator.request<Member[]>('GET', `/api/v1/tenants/${customer}/members`)).length).toBeGreaterThan(0);
    expectError(await operator.request('PUT', `/api/v1/tenants/${customer}/members/${newcomerId}`, { roles: ['owner'] }), 403, 'FORBIDDEN');
    expectError(await operator.request('POST', `/api/v1/tenants/${customer}/members`, { email: 'x@contoso.example', roles: ['owner'] }), 403, 'FORBIDDEN');
    expectError(await operator.request('GET', `/api/v1/tenants/${customer}/invitations`), 403, 'FORBIDDEN');
  });

  it('removes a member, who then loses access', async () => {
    expect(expectOk(await customerOwner.request<Member>('DELETE', `/api/v1/tenants/${customer}/members/${newcomerId}`)).email).toBe(email);
    expectError(await newcomer.request('GET', `/api/v1/tenants/${customer}`), 404, 'NOT_FOUND');
    expect(expectOk(await customerOwner.request<Member[]>('GET', `/api/v1/tenants/${customer}/members`)).some((member) => member.email === email)).toBe(false);
    expectError(await customerOwner.request('DELETE', `/api/v1/tenants/${customer}/members/${newcomerId}`), 404, 'NOT_FOUND');
  });

  it('keeps the last owner: neither removed nor demoted (409)', async () => {
    const owner = customerOwner.userId;
    expect(expectError(await customerOwner.request('DELETE', `/api/v1/tenants/${customer}/members/${owner}`), 409, 'CONFLICT').message).toBe(
      'a tenant needs at least one owner',
    );
    // Demoted by someone else (the partner's owner, acting in the customer): still the last owner.
    expectError(await partnerOwner.request('PUT', `/api/v1/tenants/${customer}/members/${owner}`, { roles: ['viewer'] }), 409, 'CONFLICT');
    // With a second owner, the first may be given more roles by them, and step down from some.
    const second = await inviteAndAccept(server, customerOwner, customer, 'second.owner@contoso.example', ['owner'], 'Second Owner');
    expect(expectOk(await second.client.request<Member>('PUT', `/api/v1/tenants/${customer}/members/${owner}`, { roles: ['owner', 'approver'] })).roles).toEqual(['owner', 'approver']);
    expect(expectOk(await customerOwner.request<Member>('PUT', `/api/v1/tenants/${customer}/members/${owner}`, { roles: ['approver', 'owner', 'owner'] })).roles).toEqual(['owner', 'approver']);
    expect(expectOk(await customerOwner.request<Member>('PUT', `/api/v1/tenants/${customer}/members/${owner}`, { roles: ['owner'] })).roles).toEqual(['owner']);
    expectOk(await customerOwner.request('DELETE', `/api/v1/tenants/${customer}/members/${second.userId}`));
    expectError(await customerOwner.request('DELETE', `/api/v1/tenants/${customer}/members/${owner}`), 409, 'CONFLICT');
  });

  it('lets nobody raise their own roles: not by changing them, not by inviting themselves (403)', async () => {
    const owner = customerOwner.userId;
    // An owner holds every permission, but an approval gate may ask for the approver role by name.
    const raise = expectError(await customerOwner.request('PUT', `/api/v1/tenants/${customer}/members/${owner}`, { roles: ['owner', 'approver'] }), 403, 'FORBIDDEN');
    expect(raise.message).toBe('you cannot give yourself roles (approver): nobody raises their own roles; ask another owner');
    const invited = expectError(await customerOwner.request('POST', `/api/v1/tenants/${customer}/members`, { email: DEMO.customerOwner.toUpperCase(), roles: ['approver'] }), 403, 'FORBIDDEN');
    expect(invited.message).toContain('you cannot invite yourself');
    // Partner staff acting in a customer cannot invite themselves into it either.
    expectError(await partnerOwner.request('POST', `/api/v1/tenants/${customer}/members`, { email: DEMO.partnerOwner, roles: ['approver'] }), 403, 'FORBIDDEN');
    expect(expectOk(await customerOwner.request<Member[]>('GET', `/api/v1/tenants/${customer}/members`)).find((member) => member.userId === owner)?.roles).toEqual(['owner']);
    expect(expectOk(await customerOwner.request<Invitation[]>('GET', `/api/v1/tenants/${customer}/invitations`)).map((listed) => listed.email)).not.toContain(DEMO.partnerOwner);
  });
});

describe('policy', () => {
  it('reads the default and sets a new policy', async () => {
    const standing = { approvalFloor: 1 };
    expect(expectOk(await customerOwner.request('GET', `/api/v1/tenants/${customer}/policy`))).toEqual({ requiredApprovals: 1, retentionDays: 30, requireSeparateActivator: false, ...standing, effectiveRequiredApprovals: 1 });
    expect(expectOk(await customerOwner.request('PUT', `/api/v1/tenants/${customer}/policy`, { requiredApprovals: 2, retentionDays: 90 }))).toEqual({
      requiredApprovals: 2,
      retentionDays: 90,
      requireSeparateActivator: false,
      ...standing,
      effectiveRequiredApprovals: 2,
    });
    expect(expectOk(await consultant.request('GET', `/api/v1/tenants/${customer}/policy`))).toEqual({ requiredApprovals: 2, retentionDays: 90, requireSeparateActivator: false, ...standing, effectiveRequiredApprovals: 2 });
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
    expect(await server.app.tenants.effectiveRequiredApprovals(customer)).toBe(4);
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
