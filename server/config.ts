import { resolve } from 'node:path';
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

/** Reads the configuration from command-line flags (`--port`, `--data`, `--no-demo`) and the environment. */
export function loadConfig(argv: readonly string[], environment: NodeJS.ProcessEnv = process.env): ServerConfig {
  const flag = (name: string): string | undefined => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? argv[index + 1] : argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  };
  const port = Number(flag('port') ?? environment.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`the port must be a number from 0 to 65535, got ${String(flag('port') ?? environment.PORT)}`);
  return {
    port,
    host: flag('host') ?? environment.HOST ?? '127.0.0.1',
    dataDir: resolve(flag('data') ?? environment.FLOWGATE_DATA ?? 'data'),
    demo: !argv.includes('--no-demo'),
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
    if (error instanceof AllowListError) throw new Error(`${DEPLOYMENT_ALLOW_SETTING}: ${error.message}`, { cause: error });
    throw error;
  }
}
