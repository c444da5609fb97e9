import { randomFillSync } from 'node:crypto';

/** Random bytes fetched in bulk: one system call per 256 ids instead of one per id. */
const pool = Buffer.alloc(16 * 256);
let poolOffset = pool.length;

/**
 * A UUIDv7: 48 bits of milliseconds then random bits, so ids sort by creation time (cursor
 * pagination and recovery order) while staying unguessable.
 */
export function newRunId(now: number = Date.now()): string {
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = Buffer.from(pool.subarray(poolOffset, poolOffset + 16));
  poolOffset += 16;
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
