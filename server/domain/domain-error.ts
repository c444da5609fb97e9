/** A problem with one part of a request or command. */
export interface ErrorDetail {
  readonly path: string;
  readonly message: string;
}

/**
 * What kind of refusal a domain error is, independent of the transport: the API's error handler
 * maps each kind to an HTTP status (server/http/error-handler.ts), the CLI to a message and an exit
 * code, so the same services serve both.
 */
export type DomainErrorKind =
  /** The request cannot be read (a malformed key, a wrong content type). */
  | 'malformed'
  /** Well-formed, but the domain cannot accept it (a weak password, an invalid definition). */
  | 'invalid'
  /** Nobody is signed in, or the token is not valid. */
  | 'unauthenticated'
  /** The caller's roles or the workspace's policy do not allow it. */
  | 'forbidden'
  /** It does not exist, or the caller may not know that it does. */
  | 'not-found'
  /** It conflicts with the current state (a stale revision, a duplicate name). */
  | 'conflict'
  /** It existed and is no longer usable (a used or expired link). */
  | 'gone'
  /** Larger than accepted. */
  | 'too-large'
  /** The content type is not one the operation reads. */
  | 'unsupported-media-type'
  /** The operation is not offered this way (a webhook called with another method). */
  | 'method-not-allowed'
  /** The caller must wait: `extra.retryAfterSeconds` says how long. */
  | 'busy'
  /** A service it depends on failed (mail could not be sent); trying again later may work. */
  | 'dependency-failed'
  /** A fault of ours; its message says nothing of it. */
  | 'internal';

/**
 * An error services, the engine's adapters and the HTTP layer raise with its kind, a stable code, a
 * message in words and the parts of the input at fault. Serialised as
 * `{ "error": { "code", "message", "details": [{ "path", "message" }] } }`.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
    /** Extra top-level fields of the error object (e.g. the current revision on a conflict). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** For anything the caller may not know exists, whoever owns it. */
export function notFound(what: string): DomainError {
  return new DomainError('not-found', 'NOT_FOUND', `${what} was not found`);
}

/** For an action the caller's roles do not allow. */
export function forbidden(message: string): DomainError {
  return new DomainError('forbidden', 'FORBIDDEN', message);
}

/** For a request that conflicts with the current state. */
export function conflict(message: string, extra: Record<string, unknown> = {}): DomainError {
  return new DomainError('conflict', 'CONFLICT', message, [], extra);
}

/** For a well-formed request the domain cannot accept. */
export function invalid(message: string, details: readonly ErrorDetail[] = []): DomainError {
  return new DomainError('invalid', 'UNPROCESSABLE', message, details);
}

/** For a request that cannot be read. */
export function malformed(message: string, details: readonly ErrorDetail[] = []): DomainError {
  return new DomainError('malformed', 'BAD_REQUEST', message, details);
}

/** For a caller who must wait `retryAfterSeconds`. */
export function busy(code: string, message: string, retryAfterSeconds: number): DomainError {
  return new DomainError('busy', code, message, [], { retryAfterSeconds });
}
