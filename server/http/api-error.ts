/** A problem with one part of a request. */
export interface ErrorDetail {
  readonly path: string;
  readonly message: string;
}

/**
 * An error the API answers with its status and the one error shape
 * `{ "error": { "code", "message", "details": [{ "path", "message" }] } }`.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
    /** Extra top-level fields of the error object (e.g. the current revision on a 409). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** 404 for anything the caller may not know exists, whoever owns it. */
export function notFound(what: string): ApiError {
  return new ApiError(404, 'NOT_FOUND', `${what} was not found`);
}

/** 403 for an action the caller's roles do not allow. */
export function forbidden(message: string): ApiError {
  return new ApiError(403, 'FORBIDDEN', message);
}

/** 409 for a request that conflicts with the current state. */
export function conflict(message: string, extra: Record<string, unknown> = {}): ApiError {
  return new ApiError(409, 'CONFLICT', message, [], extra);
}

/** 422 for a well-formed request the domain cannot accept. */
export function unprocessable(message: string, details: readonly ErrorDetail[] = []): ApiError {
  return new ApiError(422, 'UNPROCESSABLE', message, details);
}

/** 400 for a malformed request. */
export function badRequest(message: string, details: readonly ErrorDetail[] = []): ApiError {
  return new ApiError(400, 'BAD_REQUEST', message, details);
}

/** 429 for a caller who must wait; the error carries `retryAfterSeconds`, which the error handler also sends as `Retry-After`. */
export function tooManyRequests(code: string, message: string, retryAfterSeconds: number): ApiError {
  return new ApiError(429, code, message, [], { retryAfterSeconds });
}
