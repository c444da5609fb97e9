import Database from 'better-sqlite3';

/** How hard SQLite pushes commits to disk; see docs/storage.md. */
export type SynchronousMode = 'FULL' | 'NORMAL';

/** Options for {@link openDatabase}. */
export interface DatabaseOptions {
  /**
   * `FULL` (the default) makes every commit survive power loss. better-sqlite3's WAL default,
   * `NORMAL`, is faster but can lose the last acknowledged commits on power loss.
   */
  readonly synchronous?: SynchronousMode;
}

/** Opens (creating if needed) the SQLite database file in WAL mode with the durability Flowgate promises. */
export function openDatabase(filename: string, options: DatabaseOptions = {}): Database.Database {
  const db = new Database(filename);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}
