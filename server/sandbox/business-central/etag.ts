import type { BcRow } from './bc-types.js';

/**
 * A record's weak etag in Business Central's form: `W/"<base64 of '<n>;<digits>;00;'>"`, changing
 * with every write of the record.
 */
export function etagOf(row: BcRow): string {
  const digits = `${row.version}${parseInt(String(row.data.id).slice(0, 8), 16)}`;
  return `W/"${Buffer.from(`'${digits.length};${digits};00;'`).toString('base64')}"`;
}
