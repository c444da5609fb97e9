import { useQuery } from '@tanstack/react-query';
import { api } from '../app/api-client.js';
import type { z } from 'zod';
import type { invitationLinkSchema } from '../../../server/contract/invitations.js';
import type { decisionLinkSchema } from '../../../server/contract/tasks.js';
import type { Session, Tenant } from '../app/api-types.js';

/** What an invitation link grants (GET /api/v1/invitations/:token). */
export type InvitationView = z.output<typeof invitationLinkSchema>;

/** An approval task as a decision link shows it (GET /api/v1/decisions/:token). */
export type DecisionView = z.output<typeof decisionLinkSchema>;

const encoded = (token: string) => encodeURIComponent(token);

/** The invitation behind a link. */
export function useInvitation(token: string) {
  return useQuery({ queryKey: ['invitation', token], queryFn: () => api<InvitationView>('GET', `/api/v1/invitations/${encoded(token)}`), enabled: token !== '' });
}

/** Accepts an invitation: a new account sends its name and password; an existing one is signed in. */
export function acceptInvitation(token: string, body: { name?: string; password?: string }) {
  return api<{ workspace: { tenant: Tenant } }>('POST', `/api/v1/invitations/${encoded(token)}/accept`, body);
}

/** Asks for a reset link by mail (the answer is the same whether or not the account exists). */
export function requestPasswordReset(email: string) {
  return api('POST', '/api/v1/auth/password-reset', { email });
}

/** Whether a reset link still works, and for which account. */
export function useResetLink(token: string) {
  return useQuery({ queryKey: ['password-reset', token], queryFn: () => api<{ email: string; expiresAt: string }>('GET', `/api/v1/auth/password-reset/${encoded(token)}`), enabled: token !== '' });
}

/** Sets the new password through a reset link (once). */
export function confirmPasswordReset(token: string, password: string) {
  return api('POST', '/api/v1/auth/password-reset/confirm', { token, password });
}

/** Changes the signed-in user's password; answers how many other sessions ended. */
export function changePassword(currentPassword: string, newPassword: string) {
  return api<{ endedSessions: number }>('POST', '/api/v1/me/password', { currentPassword, newPassword });
}

/** The task a decision link shows. */
export function useDecision(token: string) {
  return useQuery({ queryKey: ['decision', token], queryFn: () => api<DecisionView>('GET', `/api/v1/decisions/${encoded(token)}`) });
}

/** Approves or rejects through a decision link, as its approver. */
export function decide(token: string, decision: 'approve' | 'reject', comment: string) {
  return api<DecisionView['task']>('POST', `/api/v1/decisions/${encoded(token)}`, { decision, comment });
}

/** Where the signed-in person is signed in (GET /api/v1/me/sessions). */
export function useSessions() {
  return useQuery({ queryKey: ['me', 'sessions'], queryFn: () => api<Session[]>('GET', '/api/v1/me/sessions') });
}

/** Ends one of the person's sessions; `current` says it was this one (this browser is then signed out). */
export function endSession(sessionId: string) {
  return api<{ ok: true; current: boolean }>('DELETE', `/api/v1/me/sessions/${encoded(sessionId)}`);
}

/** Signs the person out everywhere, keeping this browser's session when asked. */
export function endAllSessions(keepCurrent: boolean) {
  return api<{ ok: true; ended: number }>('POST', '/api/v1/me/sessions/end-all', { keepCurrent });
}
