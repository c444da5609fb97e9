import type { Request, Response } from 'express';
import { SESSION_TTL_MS, type SessionOrigin } from '../auth/sessions.js';
import { SESSION_COOKIE } from '../http/authenticate.js';

/** Longest user agent kept with a session. */
const MAX_USER_AGENT = 300;

/** Where a sign-in request came from: its user agent and address, for the person's session list. */
export function sessionOrigin(req: Request): SessionOrigin {
  return { userAgent: req.get('user-agent')?.slice(0, MAX_USER_AGENT) ?? null, address: req.ip ?? null };
}

/** Sets the HttpOnly session cookie the designer uses (SameSite=Strict; Secure over HTTPS). */
export function setSessionCookie(req: Request, res: Response, token: string): void {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', maxAge: SESSION_TTL_MS });
}

/** Removes the session cookie from the browser (signing out, or ending the session it carries). */
export function clearSessionCookie(res: Response): void {
  res.clearCookie(SESSION_COOKIE, { path: '/' });
}
