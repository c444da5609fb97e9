import { randomBytes } from 'node:crypto';
import type { Role } from '../../server/auth/permissions.js';
import { linkIn, tokenOf, type ReceivedMail } from './mail-sink.js';
import type { ApiClient, ServerHarness } from './server-harness.js';

/** A person added through an invitation, signed in. */
export interface Invitee {
  readonly email: string;
  readonly password: string;
  readonly userId: string;
  readonly client: ApiClient;
}

/** The next message to `email` received after the sink held `since` messages. */
export function nextMailTo(server: ServerHarness, email: string, since: number, subject?: RegExp): Promise<ReceivedMail> {
  return server.mail.waitFor((mail) => server.mail.messages.indexOf(mail) >= since && mail.to.includes(email.toLowerCase()) && (subject?.test(mail.subject) ?? true));
}

/** A password that passes the policy. */
export function newPassword(): string {
  return `pw-${randomBytes(12).toString('base64url')}`;
}

/**
 * Adds a person the way an owner does: invites them through the API, reads the link from the mail
 * the SMTP sink received, accepts it with a new account (name and password) and signs in.
 */
export async function inviteAndAccept(server: ServerHarness, owner: ApiClient, tenantId: string, email: string, roles: readonly Role[], name = email): Promise<Invitee> {
  const since = server.mail.messages.length;
  const invited = await owner.request('POST', `/api/v1/tenants/${tenantId}/members`, { email, roles });
  if (invited.status !== 201) throw new Error(`inviting ${email}: ${invited.status} ${invited.text}`);
  const mail = await nextMailTo(server, email, since, /invited/);
  const password = newPassword();
  const accepted = await server.request('POST', `/api/v1/invitations/${encodeURIComponent(tokenOf(linkIn(mail, '/accept-invite')))}/accept`, { name, password });
  if (accepted.status !== 200) throw new Error(`accepting the invitation of ${email}: ${accepted.status} ${accepted.text}`);
  const client = await server.signIn(email, password);
  return { email, password, userId: client.userId, client };
}

/** Creates an account with a membership directly through the services (tenants no API reaches, e.g. a second partner). */
export async function createMember(server: ServerHarness, tenantId: string, email: string, roles: readonly Role[]): Promise<Invitee> {
  const password = newPassword();
  const user = await server.app.sessions.createUser(email, email, password);
  await server.app.tenants.grantMembership(tenantId, user.id, roles);
  return { email, password, userId: user.id, client: await server.signIn(email, password) };
}
