/** A refusal from the API, in its one error shape. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly { path: string; message: string }[],
    /** The whole error object (e.g. `currentRevision` on a 409). */
    readonly error: Record<string, unknown>,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;

/** The session's CSRF token, sent with every change made through the session cookie. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Calls the API on our own origin with the session cookie; throws {@link ApiError} on refusals. */
export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path, { method, credentials: 'same-origin', headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const parsed: unknown = text === '' ? null : JSON.parse(text);
  if (!response.ok) {
    const error = ((parsed as { error?: Record<string, unknown> } | null)?.error ?? {});
    throw new ApiError(
      response.status,
      typeof error.code === 'string' ? error.code : 'HTTP_ERROR',
      typeof error.message === 'string' ? error.message : `the server answered ${response.status}`,
      Array.isArray(error.details) ? (error.details as { path: string; message: string }[]) : [],
      error,
    );
  }
  return parsed as T;
}
