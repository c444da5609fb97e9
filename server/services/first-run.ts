import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlDatabase } from '../../runtime/store/index.js';
import { hashToken } from '../security/tokens.js';
import type { PlatformService } from './platform.js';

/** The file in the data directory that holds the setup code while setup is open (0600). */
export const SETUP_CODE_FILE = 'setup-code.txt';

/**
 * First-run setup of an installation without the demo: the first page creates the platform
 * operator (and the first partner). Until an operator exists, anyone who reaches the server could
 * claim it, so the page asks for a one-time code that only someone with access to the machine can
 * read: printed at start and written to `<data>/setup-code.txt`. Only its hash is stored; every
 * start issues a new one while setup is open, and finishing setup removes both.
 */
export class FirstRunSetup {
  constructor(
    private readonly sql: SqlDatabase,
    private readonly platform: PlatformService,
    private readonly dataDir: string,
  ) {}

  /** Whether the installation still needs its platform operator. */
  async needed(): Promise<boolean> {
    return !(await this.platform.hasOperator());
  }

  /** A new setup code while setup is needed (written to the file, its hash stored); undefined once done. */
  async issueCode(): Promise<{ code: string; file: string } | undefined> {
    if (!(await this.needed())) {
      await this.finish();
      this.removeCodeFile();
      return undefined;
    }
    const code = randomBytes(15).toString('base64url');
    await this.sql.run('INSERT INTO first_run_setup (id, code_hash, created_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET code_hash = excluded.code_hash, created_at = excluded.created_at', [
      hashToken(code),
      Date.now(),
    ]);
    const file = join(this.dataDir, SETUP_CODE_FILE);
    writeFileSync(file, `${code}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    return { code, file };
  }

  /** Whether `code` is the current setup code (compared in constant time). */
  async codeMatches(code: string): Promise<boolean> {
    const stored = await this.sql.get<{ code_hash: string }>('SELECT code_hash FROM first_run_setup WHERE id = 1');
    if (stored === undefined) return false;
    const given = Buffer.from(hashToken(code.trim()), 'hex');
    return timingSafeEqual(given, Buffer.from(stored.code_hash, 'hex'));
  }

  /** Setup is done: the code stops working. Inside the setup's transaction; remove the file after it commits. */
  async finish(): Promise<void> {
    await this.sql.run('DELETE FROM first_run_setup');
  }

  /** Removes the code's file (after setup committed). */
  removeCodeFile(): void {
    rmSync(join(this.dataDir, SETUP_CODE_FILE), { force: true });
  }
}
