import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Bytes of the master key (AES-256). */
const KEY_BYTES = 32;

/**
 * The master key that wraps data keys: `FLOWGATE_MASTER_KEY` (base64, 32 bytes) when set, else the
 * key file `<dataDir>/master.key`, created with random bytes and mode 0600 on first start.
 */
export function loadMasterKey(dataDir: string, environment: NodeJS.ProcessEnv = process.env): Buffer {
  const fromEnvironment = environment.FLOWGATE_MASTER_KEY;
  if (fromEnvironment) return decodeKey(fromEnvironment, 'FLOWGATE_MASTER_KEY');
  const path = join(dataDir, 'master.key');
  if (!existsSync(path)) {
    writeFileSync(path, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
  }
  return decodeKey(readFileSync(path, 'utf8').trim(), path);
}

function decodeKey(text: string, source: string): Buffer {
  const key = Buffer.from(text, 'base64');
  if (key.length !== KEY_BYTES) throw new Error(`${source} must hold ${KEY_BYTES} bytes in base64`);
  return key;
}
