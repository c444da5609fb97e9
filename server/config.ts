import { resolve } from 'node:path';

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
  /** SMTP server for mail (`smtp://user:pass@host:587`, `smtps://…`); without it mail goes to `<dataDir>/outbox/`. */
  readonly smtpUrl: string | undefined;
  /** Sender address of mail (`no-reply@example.com`, or `Name <address>` to fix the display name). */
  readonly mailFrom: string;
  /** Base of the links in mail (`https://flowgate.example.com`); the listening URL when unset. */
  readonly publicUrl: string | undefined;
  /** Requests each API token (session or personal) may make: a bucket of `burst`, refilled at `perSecond`. */
  readonly apiRateLimit: { readonly burst: number; readonly perSecond: number };
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
    smtpUrl: environment.FLOWGATE_SMTP_URL || undefined,
    mailFrom: environment.FLOWGATE_MAIL_FROM || 'no-reply@localhost',
    publicUrl: publicUrl(environment.FLOWGATE_PUBLIC_URL),
    apiRateLimit: {
      burst: positiveNumber(environment.FLOWGATE_API_RATE_BURST, 'FLOWGATE_API_RATE_BURST', 300),
      perSecond: positiveNumber(environment.FLOWGATE_API_RATE_PER_SECOND, 'FLOWGATE_API_RATE_PER_SECOND', 20),
    },
  };
}

function publicUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`FLOWGATE_PUBLIC_URL must be an absolute http(s) URL such as https://flowgate.example.com, got ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`FLOWGATE_PUBLIC_URL must start with http:// or https://, got ${value}`);
  return url.href.replace(/\/+$/, '');
}

function positiveNumber(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`${name} must be a positive number, got ${value}`);
  return parsed;
}
