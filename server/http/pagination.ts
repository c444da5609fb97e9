import { malformed } from '../domain/domain-error.js';

/** An opaque cursor for newest-first lists: the last item's creation time and id. */
export function encodeCursor(createdAt: number, id: string): string {
  return Buffer.from(`${createdAt}:${id}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): { createdAt: number; id: string } | undefined {
  if (cursor === undefined) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString();
  const separator = text.indexOf(':');
  const createdAt = Number(text.slice(0, separator));
  if (separator < 1 || !Number.isInteger(createdAt)) throw malformed('the cursor is not one this API gave out', [{ path: 'query.cursor', message: 'invalid cursor' }]);
  return { createdAt, id: text.slice(separator + 1) };
}
