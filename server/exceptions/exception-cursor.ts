import { malformed } from '../domain/domain-error.js';
import type { ExceptionOrder, ExceptionRecord } from './exception-model.js';

/** Where the next page of an exceptions list starts: after this item, in the list's order. */
export interface ExceptionPosition {
  readonly createdAt: number;
  readonly id: string;
  readonly priority?: number;
}

/** The opaque cursor after `last` in `order` (the priority is part of it in the queue's order). */
export function encodeExceptionCursor(last: ExceptionRecord, order: ExceptionOrder): string {
  const prefix = order === 'priority' ? `p${last.priority}:` : '';
  return Buffer.from(`${prefix}${Date.parse(last.createdAt)}:${last.id}`).toString('base64url');
}

/** The position a cursor of {@link encodeExceptionCursor} names; 400 at `query.cursor` for one of another order or none of ours. */
export function decodeExceptionCursor(cursor: string | undefined, order: ExceptionOrder): ExceptionPosition | undefined {
  if (cursor === undefined) return undefined;
  const match = /^(?:p(\d{1,3}):)?(\d+):(.+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match || (match[1] !== undefined) !== (order === 'priority')) {
    throw malformed('the cursor is not one this list gave out (in this order)', [{ path: 'query.cursor', message: 'invalid cursor' }]);
  }
  const [, priority, createdAt, id] = match as unknown as [string, string | undefined, string, string];
  return { createdAt: Number(createdAt), id, ...(priority === undefined ? {} : { priority: Number(priority) }) };
}
