/** Whether a body is the API's one error shape `{ error: { code, message, details: [{ path, message }] } }`. */
export function isErrorShape(body: unknown): boolean {
  const error = (body as { error?: unknown } | null)?.error as { code?: unknown; message?: unknown; details?: unknown } | undefined;
  return (
    typeof error?.code === 'string' &&
    typeof error.message === 'string' &&
    Array.isArray(error.details) &&
    error.details.every((detail: { path?: unknown; message?: unknown }) => typeof detail.path === 'string' && typeof detail.message === 'string')
  );
}
