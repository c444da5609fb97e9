import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { freshDatabase } from '../../bench/fresh-database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The URL of the test run's PostgreSQL cluster (test/global-setup.ts starts it). */
    postgresUrl: string;
  }
}

/**
 * Creates an empty database in the test run's PostgreSQL cluster and answers its URL, so each test
 * (or file) gets its own schema and data, as a deployment's `FLOWGATE_DATABASE_URL` would name.
 */
export async function freshPostgresDatabase(): Promise<string> {
  const serverUrl = inject('postgresUrl');
  const name = `flowgate_${randomBytes(6).toString('hex')}`;
  return freshDatabase(serverUrl, name);
}
