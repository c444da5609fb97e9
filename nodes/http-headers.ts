import type { z } from 'zod';

/** An HTTP header name: an RFC 9110 token. */
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Reports every key of a header map that is not a valid HTTP header name, at `[...path, key]`.
 * Used by the superRefine of specs with a `headers` field, so the designer flags a bad name before
 * a run does.
 */
export function checkHeaderNames(
  headers: Readonly<Record<string, unknown>>,
  path: readonly PropertyKey[],
  ctx: z.RefinementCtx,
): void {
  for (const name of Object.keys(headers)) {
    if (!HEADER_NAME.test(name)) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, name],
        message: `"${name}" is not a valid HTTP header name (letters, digits and !#$%&'*+.^_\`|~- only, no spaces or colons)`,
      });
    }
  }
}
