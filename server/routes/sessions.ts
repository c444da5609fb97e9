import { z } from 'zod';
import { tokenId } from '../auth/sessions.js';
import { DomainError, notFound } from '../domain/domain-error.js';
import { clearSessionCookie } from '../identity/session-cookie.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { auditAccountEvent } from '../identity/account-events.js';
import { idSchema } from '../contract/common.js';
import { sessionSchema } from '../contract/me.js';

/** A person's own sessions: where they are signed in, ending one, signing out everywhere. */
export const sessionRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/me/sessions',
    summary: 'Where you are signed in: your live sessions, with how and from where each signed in (never their tokens)',
    tags: ['auth'],
    access: { kind: 'user' },
    response: z.array(sessionSchema),
    handler: ({ app, auth }) => app.sessions.listSessions(auth?.user.id ?? '', auth?.tokenHash ?? ''),
  }),
  defineRoute({
    method: 'delete',
    path: '/api/v1/me/sessions/:sessionId',
    summary: 'End one of your sessions (it is signed out at its next request); ending the current one signs you out here',
    tags: ['auth'],
    access: { kind: 'user' },
    params: z.object({ sessionId: idSchema }),
    response: z.object({ ok: z.literal(true), current: z.boolean() }),
    async handler({ app, auth, params, res }) {
      if (!auth) throw new DomainError('unauthenticated', 'UNAUTHENTICATED', 'sign in first');
      const current = tokenId(auth.tokenHash) === params.sessionId;
      const ended = await app.sql.transaction(async () => {
        const done = await app.sessions.endSession(auth.user.id, params.sessionId);
        if (done) await auditAccountEvent(app, auth.user.id, 'user.session.end', { sessionId: params.sessionId });
        return done;
      });
      if (!ended) throw notFound('the session');
      if (current) clearSessionCookie(res);
      return { ok: true as const, current };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/me/sessions/end-all',
    summary:
      'Sign out everywhere: ends all your sessions, this one too unless `keepCurrent` is true; personal API tokens stay (revoke them under /api/v1/me/tokens)',
    tags: ['auth'],
    access: { kind: 'user' },
    body: z.object({ keepCurrent: z.boolean().default(false) }),
    response: z.object({ ok: z.literal(true), ended: z.number() }),
    async handler({ app, auth, body, res }) {
      if (!auth) throw new DomainError('unauthenticated', 'UNAUTHENTICATED', 'sign in first');
      const ended = await app.sql.transaction(async () => {
        const count = await app.sessions.revokeCredentials(auth.user.id, { keep: body.keepCurrent ? auth.tokenHash : undefined, personalTokens: false });
        await auditAccountEvent(app, auth.user.id, 'user.sessions.end-all', { ended: count, keptCurrent: body.keepCurrent });
        return count;
      });
      if (!body.keepCurrent) clearSessionCookie(res);
      return { ok: true as const, ended };
    },
  }),
];
