import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AllowList, AllowListError, DEPLOYMENT_ALLOW_SETTING, splitAllowListText } from '../runtime/egress/index.js';

/** How the server runs; from flags and the environment (flags win). */
export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Seed the demo workspace into an empty database. */
  readonly demo: boolean;
  /** Fixes the demo users' passwords (tests); random otherwise. */
  readonly demoPassword: string | undefined;
  readonly logLevel: string;
  /** Built designer files to serve, if any. */
  readonly designerDir: string | undefined;
  /** Largest JSON request body. */
  readonly bodyLimitBytes: number;
  /** SQLite durability; FULL unless set to NORMAL. */
  readonly synchronous: 'FULL' | 'NORMAL';
  /**
   * The deployment's egress allow-list (FLOWGATE_EGRESS_ALLOW): `host:port` patterns that may be
   * reached although they are loopback, private or otherwise not public.
   */
  readonly egressAllow: readonly string[];
}

/** The flags of `flowgate start` (parsed with `node:util` `parseArgs`). */
export const SERVER_FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  data: { type: 'string' },
  'no-demo': { type: 'boolean' },
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
  let flags: { port?: string; host?: string; data?: string; 'no-demo'?: boolean };
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
  return {
    port,
    host: flags.host ?? environment.HOST ?? '127.0.0.1',
    dataDir: resolve(flags.data ?? environment.FLOWGATE_DATA ?? 'data'),
    demo: flags['no-demo'] !== true,
    demoPassword: environment.FLOWGATE_DEMO_PASSWORD || undefined,
    logLevel: environment.LOG_LEVEL ?? 'info',
    designerDir: environment.FLOWGATE_DESIGNER_DIR,
    bodyLimitBytes: Number(environment.FLOWGATE_BODY_LIMIT ?? 1024 * 1024),
    synchronous: environment.FLOWGATE_SQLITE_SYNCHRONOUS === 'NORMAL' ? 'NORMAL' : 'FULL',
    egressAllow: deploymentAllowList(environment),
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
