import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { tempDir } from './temp-dir.js';

/** A throwaway PostgreSQL cluster on 127.0.0.1, in a temporary directory, for one test run. */
export interface PostgresServer {
  /** The `postgres://` URL of its `postgres` database, as the cluster's superuser `flowgate`. */
  readonly url: string;
  /** Stops the cluster and removes its directory. */
  stop(): void;
}

/** The newest PostgreSQL server binaries Debian installed (scripts/ensure-postgres.sh puts them there). */
function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((name) => existsSync(join(root, name, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('PostgreSQL is not installed: run `bash scripts/ensure-postgres.sh` (npm test does)');
  return join(root, newest, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** PostgreSQL refuses to run as root: as root, its commands run as Debian's `postgres` user. */
function asClusterOwner(dir: string): (command: string, args: string[]) => void {
  const root = process.getuid?.() === 0;
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  return (command, args) => {
    const [file, argv] = root ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
    const result = spawnSync(file, argv, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${command} failed (${result.status}): ${result.stderr || result.stdout}`);
  };
}

/** Options for {@link startPostgresServer}. */
export interface PostgresServerOptions {
  /**
   * Keep PostgreSQL's durability settings (fsync, synchronous_commit and full_page_writes on, as
   * in production), so every commit waits for its WAL flush; for benchmarks. Default false.
   */
  readonly durable?: boolean;
}

/**
 * Starts a new cluster: `initdb` into a temporary directory, then `pg_ctl start` listening on a free
 * loopback port (and a socket in the same directory, not the system's). Unless `durable` is set,
 * durability settings are relaxed (fsync off): the tests kill Flowgate's processes, never the
 * database's, so nothing they check depends on PostgreSQL's own flushes.
 */
export async function startPostgresServer(options: PostgresServerOptions = {}): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const dir = tempDir('flowgate-pg-');
  const run = asClusterOwner(dir.path);
  const data = join(dir.path, 'data');
  const port = await freePort();
  run(join(bin, 'initdb'), ['-D', data, '-U', 'flowgate', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const relaxed = options.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'];
  const settings = [
    `-p ${port}`, `-k ${dir.path}`, "-c listen_addresses='127.0.0.1'", ...relaxed, '-c max_connections=300', '-c shared_buffers=128MB',
  ].join(' ');
  run(join(bin, 'pg_ctl'), ['start', '-D', data, '-w', '-t', '60', '-l', join(dir.path, 'server.log'), '-o', settings]);
  return {
    url: `postgres://flowgate@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run(join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-w']);
      } finally {
        dir.remove();
      }
    },
  };
}
