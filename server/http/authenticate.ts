import type { NextFunction, Request, Response } from 'express';
import type { Authentication, SessionService } from '../auth/sessions.js';
import type { TokenBuckets } from '../auth/token-buckets.js';
import { DomainError, busy } from '../domain/domain-error.js';
import type { ServiceAccountService, ServiceCaller } from '../services/service-accounts.js';

/** Name of the HttpOnly session cookie. */
export const SESSION_COOKIE = 'fg_session';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The caller of the request, if it carried a valid token. */
export function authenticationOf(res: Response): Authentication | undefined {
  return (res.locals as { auth?: Authentication }).auth;
}

/** The service account calling, if the request carried a valid `fgsa_` token (then there is no person). */
export function serviceCallerOf(res: Response): ServiceCaller | undefined {
  return (res.locals as { service?: ServiceCaller }).service;
}

/** The value of one cookie in the request. */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === name) return decodeURIComponent(part.slice(separator + 1).trim());
  }
  return undefined;
}

/**
 * Identifies the caller from `Authorization: Bearer <token>` (session or personal API token) or
 * the session cookie. A cookie-authenticated change must echo the session's CSRF token in
 * `X-CSRF-Token`, so another site cannot ride the cookie; bearer tokens are not sent by browsers
 * on their own and need no such check. A token that is present but invalid is refused with 401;
 * a valid one past its request budget with 429 and `Retry-After`. A service account's `fgsa_` token
 * yields a {@link ServiceCaller} instead of a person (see {@link serviceCallerOf}).
 */
export function authenticate(sessions: SessionService, rateLimit: TokenBuckets, serviceAccounts: ServiceAccountService) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const header = req.headers.authorization;
    const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const cookie = bearer === undefined ? readCookie(req, SESSION_COOKIE) : undefined;
    const token = bearer ?? cookie;
    if (token === undefined) return next();
    try {
      if (bearer?.startsWith('fgsa_')) {
        const service = await serviceAccounts.authenticate(bearer);
        if (!service) return next(new DomainError('unauthenticated', 'UNAUTHENTICATED', 'the service account token is invalid, expired or revoked, or its account is disabled'));
        const wait = rateLimit.take(service.tokenHash);
        if (wait > 0) return next(busy('RATE_LIMITED', `too many requests with this token; try again in ${wait} seconds`, wait));
        (res.locals as { service?: ServiceCaller }).service = service;
        return next();
      }
      const auth = await sessions.authenticate(token);
      if (!auth) {
        if (bearer !== undefined) return next(new DomainError('unauthenticated', 'UNAUTHENTICATED', 'the token is invalid, expired or revoked'));
        return next();
      }
      if (cookie !== undefined && !SAFE_METHODS.has(req.method) && req.headers['x-csrf-token'] !== auth.csrfToken) {
        return next(new DomainError('forbidden', 'CSRF', 'send the X-CSRF-Token header from GET /api/v1/me with changes made through the session cookie'));
      }
      const wait = rateLimit.take(auth.tokenHash);
      if (wait > 0) return next(busy('RATE_LIMITED', `too many requests with this token; try again in ${wait} seconds`, wait));
      (res.locals as { auth?: Authentication }).auth = auth;
    } catch (error) {
      return next(error);
    }
    next();
  };
}
