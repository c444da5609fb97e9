import type Database from 'better-sqlite3';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
    private readonly db: Database.Database,
    private readonly platform: PlatformService,
    private readonly dataDir: string,
  ) {}

  /** Whether the installation still needs its platform operator. */
  needed(): boolean {
    return !this.platform.hasOperator();
  }

  /** A new setup code while setup is needed (written to the file, its hash stored); undefined once done. */
  issueCode(): { code: string; file: string } | undefined {
    if (!this.needed()) {
      this.finish();
      this.removeCodeFile();
      return undefined;
    }
    const code = randomBytes(15).toString('base64url');
    this.db.prepare('INSERT INTO first_run_setup (id, code_hash, created_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET code_hash = excluded.code_hash, created_at = excluded.created_at').run(hashToken(code), Date.now());
    const file = join(this.dataDir, SETUP_CODE_FILE);
    writeFileSync(file, `${code}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    return { code, file };
  }

  /** Whether `code` is the current setup code (compared in constant time). */
  codeMatches(code: string): boolean {
    const stored = this.db.prepare('SELECT code_hash FROM first_run_setup WHERE id = 1').pluck().get() as string | undefined;
    if (stored === undefined) return false;
    const given = Buffer.from(hashToken(code.trim()), 'hex');
    return timingSafeEqual(given, Buffer.from(stored, 'hex'));
  }

  /** Setup is done: the code stops working. Synchronous, inside the setup's transaction; remove the file after it commits. */
  finish(): void {
    this.db.prepare('DELETE FROM first_run_setup').run();
  }

  /** Removes the code's file (after setup committed). */
  removeCodeFile(): void {
    rmSync(join(this.dataDir, SETUP_CODE_FILE), { force: true });
  }
}
