import pg from 'pg';

/**
 * Creates the database `name` (a fixed identifier chosen by the benchmark, never input) in the
 * cluster `serverUrl` points at and answers its URL.
 */
export async function freshDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
