import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AllowList, AllowListError, DEPLOYMENT_ALLOW_SETTING, splitAllowListText } from '../runtime/egress/allow-list.js';
import { redactDatabaseUrl } from './db/database-url.js';
import { PROCESS_ROLES, isProcessRole, type ProcessRole } from './roles/process-role.js';

/** How the server runs; from flags and the environment (flags win). */
export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Seed the demo workspace into an empty database (only a process in the role `all` does). */
  readonly demo: boolean;
  /** What this process does (`--role`, FLOWGATE_ROLE; default `all`): see {@link ProcessRole}. */
  readonly role: ProcessRole;
  /** Runs a worker process executes at once (`--concurrency`, FLOWGATE_WORKER_CONCURRENCY; default 8). */
  readonly workerConcurrency: number;
  /** Fixes the demo users' passwords (tests); random otherwise. */
  readonly demoPassword: string | undefined;
  readonly logLevel: string;
  /** Built designer files to serve, if any. */
  readonly designerDir: string | undefined;
  /** Largest JSON request body. */
  readonly bodyLimitBytes: number;
  /**
   * The PostgreSQL database that holds all data (FLOWGATE_DATABASE_URL, `postgres://user:password@host:5432/db`
   * or `postgresql://…`); unset, the data is in one SQLite file in the data directory. It carries a
   * password: log it only through `redactDatabaseUrl`.
   */
  readonly databaseUrl: string | undefined;
  /** SQLite durability; FULL unless set to NORMAL. */
  readonly synchronous: 'FULL' | 'NORMAL';
  /**
   * The deployment's egress allow-list (FLOWGATE_EGRESS_ALLOW): `host:port` patterns that may be
   * reached although they are loopback, private or otherwise not public.
   */
  readonly egressAllow: readonly string[];
  /**
   * Event subscriptions may post to plain http:// URLs (FLOWGATE_SUBSCRIPTIONS_ALLOW_HTTP=true): for
   * local development and tests only. Off by default: subscription URLs must be https://.
   */
  readonly subscriptionsAllowHttp: boolean;
  /** SMTP server for mail (`smtp://user:pass@host:587`, `smtps://…`); without it mail goes to `<dataDir>/outbox/`. */
  readonly smtpUrl: string | undefined;
  /** Sender address of mail (`no-reply@example.com`, or `Name <address>` to fix the display name). */
  readonly mailFrom: string;
  /** Base of the links in mail (`https://flowgate.example.com`); the listening URL when unset. */
  readonly publicUrl: string | undefined;
  /** Requests each API token (session or personal) may make: a bucket of `burst`, refilled at `perSecond`. */
  readonly apiRateLimit: { readonly burst: number; readonly perSecond: number };
  /**
   * The sandbox `flowgate start` runs beside the demo (`http://127.0.0.1:<port>`): the demo's
   * credentials point at it. Unset without the demo.
   */
  readonly sandboxUrl?: string;
  /** The SMTP sink of that sandbox (`127.0.0.1:<port>`), for the demo's mail credential. */
  readonly sandboxSmtp?: string;
}

/** The flags of `flowgate start` (parsed with `node:util` `parseArgs`). */
export const SERVER_FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  data: { type: 'string' },
  'no-demo': { type: 'boolean' },
  role: { type: 'string' },
  concurrency: { type: 'string' },
} as const;

/** A flag or setting the server cannot start with; the message says which and why. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Reads the configuration from command-line flags ({@link SERVER_FLAGS}) and the environment.
 * Unknown flags, flags without their value and bad values throw {@link ConfigError}.
 */
export function loadConfig(argv: readonly string[], environment: NodeJS.ProcessEnv = process.env): ServerConfig {
  let flags: { port?: string; host?: string; data?: string; 'no-demo'?: boolean; role?: string; concurrency?: string };
  try {
    flags = parseArgs({ args: [...argv], options: SERVER_FLAGS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new ConfigError(error instanceof Error ? error.message : String(error));
  }
  const portText = flags.port ?? environment.PORT ?? '3000';
  const port = Number(portText);
  if (portText.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ConfigError(`the port must be a number from 0 to 65535, got "${portText}"`);
  }
  const databaseUrlSetting = databaseUrl(environment.FLOWGATE_DATABASE_URL);
  const role = processRole(flags.role ?? environment.FLOWGATE_ROLE ?? 'all', databaseUrlSetting);
  return {
    port,
    host: flags.host ?? environment.HOST ?? '127.0.0.1',
    dataDir: resolve(flags.data ?? environment.FLOWGATE_DATA ?? 'data'),
    demo: flags['no-demo'] !== true && role === 'all',
    role,
    workerConcurrency: wholeNumber(flags.concurrency ?? environment.FLOWGATE_WORKER_CONCURRENCY, '--concurrency (FLOWGATE_WORKER_CONCURRENCY)', 8),
    demoPassword: environment.FLOWGATE_DEMO_PASSWORD || undefined,
    logLevel: environment.LOG_LEVEL ?? 'info',
    designerDir: environment.FLOWGATE_DESIGNER_DIR,
    bodyLimitBytes: Number(environment.FLOWGATE_BODY_LIMIT ?? 1024 * 1024),
    databaseUrl: databaseUrlSetting,
    synchronous: environment.FLOWGATE_SQLITE_SYNCHRONOUS === 'NORMAL' ? 'NORMAL' : 'FULL',
    egressAllow: deploymentAllowList(environment),
    subscriptionsAllowHttp: environment.FLOWGATE_SUBSCRIPTIONS_ALLOW_HTTP === 'true',
    smtpUrl: environment.FLOWGATE_SMTP_URL || undefined,
    mailFrom: environment.FLOWGATE_MAIL_FROM || 'no-reply@localhost',
    publicUrl: publicUrl(environment.FLOWGATE_PUBLIC_URL),
    apiRateLimit: {
      burst: positiveNumber(environment.FLOWGATE_API_RATE_BURST, 'FLOWGATE_API_RATE_BURST', 300),
      perSecond: positiveNumber(environment.FLOWGATE_API_RATE_PER_SECOND, 'FLOWGATE_API_RATE_PER_SECOND', 20),
    },
  };
}

/** FLOWGATE_EGRESS_ALLOW as canonical entries; an invalid entry stops the start with a message naming it. */
export function deploymentAllowList(environment: NodeJS.ProcessEnv): string[] {
  try {
    return AllowList.parse(splitAllowListText(environment[DEPLOYMENT_ALLOW_SETTING]), 'deployment').entries;
  } catch (error) {
    if (error instanceof AllowListError) throw new ConfigError(`${DEPLOYMENT_ALLOW_SETTING}: ${error.message}`, { cause: error });
    throw error;
  }
}

function publicUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`FLOWGATE_PUBLIC_URL must be an absolute http(s) URL such as https://flowgate.example.com, got ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`FLOWGATE_PUBLIC_URL must start with http:// or https://, got ${value}`);
  return url.href.replace(/\/+$/, '');
}

/** FLOWGATE_DATABASE_URL, when set: a postgres:// or postgresql:// URL; anything else stops the start. */
function databaseUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const example = 'such as postgres://flowgate:password@db.example.com:5432/flowgate';
  let protocol: string;
  try {
    protocol = new URL(value).protocol;
  } catch {
    // Not echoed: what is there may be a password.
    throw new ConfigError(`FLOWGATE_DATABASE_URL must be a PostgreSQL URL ${example}; what is set is not a URL`);
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    throw new ConfigError(`FLOWGATE_DATABASE_URL must start with postgres:// or postgresql://, got ${redactDatabaseUrl(value)}`);
  }
  return value;
}

/** The process's role; roles other than `all` share their work through PostgreSQL, so they need it. */
function processRole(value: string, databaseUrlSetting: string | undefined): ProcessRole {
  if (!isProcessRole(value)) throw new ConfigError(`the role must be one of ${PROCESS_ROLES.join(', ')}, got "${value}"`);
  if (value !== 'all' && databaseUrlSetting === undefined) {
    throw new ConfigError(`--role ${value} needs FLOWGATE_DATABASE_URL: processes in roles share their work through a PostgreSQL database (see docs/deployment.md)`);
  }
  return value;
}

function wholeNumber(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 1000) throw new ConfigError(`${name} must be a whole number from 1 to 1000, got ${value}`);
  return parsed;
}

function positiveNumber(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new ConfigError(`${name} must be a positive number, got ${value}`);
  return parsed;
}
