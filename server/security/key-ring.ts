import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { SqlDatabase } from '../../runtime/store/index.js';
import { StartupRefusal } from '../startup-refusal.js';

const ALGORITHM = 'aes-256-gcm';

/** AES-256-GCM with a random 96-bit IV; the result is `v1.<iv>.<tag>.<ciphertext>` in base64url. */
function seal(key: Buffer, plaintext: Buffer, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  cipher.setAAD(Buffer.from(aad));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

function open(key: Buffer, sealed: string, aad: string): Buffer {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || ciphertext === undefined) throw new Error('unreadable sealed value');
  const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
}

/** The master key given does not open the database's data key: it is another installation's. */
export class WrongMasterKeyError extends StartupRefusal {
  override readonly name = 'WrongMasterKeyError';
}

function unwrapDataKey(masterKey: Buffer, wrapped: string): Buffer {
  try {
    return open(masterKey, wrapped, 'data-key');
  } catch (error) {
    throw new WrongMasterKeyError(
      "the master key does not open this database's data key: every process on a database needs the master key it was created with (FLOWGATE_MASTER_KEY, or master.key in the data directory)",
      { cause: error },
    );
  }
}

/**
 * Envelope encryption for secrets at rest: values are sealed with a data key, and the data key is
 * stored wrapped by the master key (which never touches the database). The additional data binds
 * each sealed value to where it belongs (tenant and record), so a value copied elsewhere won't open.
 */
export class KeyRing {
  private constructor(private readonly dataKey: Buffer) {}

  /**
   * The key ring of the database: its newest data key, unwrapped with the master key, or a new
   * one stored wrapped when there is none. The first process to start makes it; the others,
   * starting at the same moment, wait for it and use it (the lock spans processes).
   */
  static open(sql: SqlDatabase, masterKey: Buffer): Promise<KeyRing> {
    return sql.transaction(async () => {
      await sql.lock('data-keys');
      const row = await sql.get<{ wrapped: string }>('SELECT wrapped FROM data_keys ORDER BY id DESC LIMIT 1');
      if (row) return new KeyRing(unwrapDataKey(masterKey, row.wrapped));
      const dataKey = randomBytes(32);
      await sql.run('INSERT INTO data_keys (wrapped, created_at) VALUES (?, ?)', [seal(masterKey, dataKey, 'data-key'), Date.now()]);
      return new KeyRing(dataKey);
    });
  }

  /** Seals a secret for storage. */
  encrypt(plaintext: string, aad: string): string {
    return seal(this.dataKey, Buffer.from(plaintext, 'utf8'), aad);
  }

  /** A key for another purpose (e.g. signing decision links), derived from the data key with HKDF. */
  derive(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.dataKey, Buffer.alloc(0), `flowgate:${purpose}`, 32));
  }

  /** Opens a sealed secret; throws when it was altered or belongs elsewhere. */
  decrypt(sealed: string, aad: string): string {
    return open(this.dataKey, sealed, aad).toString('utf8');
  }
}
