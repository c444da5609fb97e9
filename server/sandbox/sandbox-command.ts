import { parseArgs } from 'node:util';
import { CliError } from '../cli/cli-error.js';
import { COMMAND_USAGE } from '../cli/usage.js';
import { createSandbox, type Sandbox } from './create-sandbox.js';
import { DEMO_CREDENTIALS, SLACK_WEBHOOKS, TEAMS_WEBHOOKS } from './credentials.js';

/** Where `flowgate sandbox` listens unless told otherwise (stable, so the demo's egress allow-list can name it). */
export const DEFAULT_SANDBOX_PORT = 4010;
export const DEFAULT_SMTP_PORT = 2525;


function port(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) > 65_535) throw new CliError(`${option} must be a port number from 0 to 65535, got "${value}"`);
  return Number(value);
}

/** The connection settings to paste into Flowgate, one line each. */
export function connectionLines(sandbox: Sandbox): string[] {
  const bc = DEMO_CREDENTIALS.businessCentral;
  return [
    `Flowgate sandbox is running at ${sandbox.url}  (what it received: ${sandbox.url}/)`,
    `SMTP:             ${sandbox.smtp.host}:${sandbox.smtp.port}  (no TLS; any user and password, e.g. ${DEMO_CREDENTIALS.smtp.user} / ${DEMO_CREDENTIALS.smtp.password})`,
    `Shopify:          shop URL ${sandbox.url}/shopify  (API ${DEMO_CREDENTIALS.shopify.apiVersion})  X-Shopify-Access-Token: ${DEMO_CREDENTIALS.shopify.accessToken}`,
    `Business Central: token URL ${sandbox.url}/bc/${bc.tenantId}/oauth2/v2.0/token`,
    `                  API ${sandbox.url}/bc/v2.0/${bc.tenantId}/${bc.environment}/api/v2.0  company ${bc.companyId}`,
    `                  client id ${bc.clientId}  secret ${bc.clientSecret}  scope ${bc.scope}`,
    `ShipStation:      ${sandbox.url}/shipstation  basic auth ${DEMO_CREDENTIALS.shipstation.apiKey} / ${DEMO_CREDENTIALS.shipstation.apiSecret}`,
    ...SLACK_WEBHOOKS.filter((hook) => !hook.archived).map((hook) => `Slack ${hook.channel.padEnd(12)} ${sandbox.url}/slack/services/${hook.path}`),
    ...TEAMS_WEBHOOKS.map((hook) => `Teams ${hook.channel.padEnd(19)} ${sandbox.url}/teams/webhook/${hook.path}`),
    `Faults, records, reset: ${sandbox.url}/_sandbox/  (docs/sandbox.md)`,
  ];
}

/** `flowgate sandbox`: runs the sandbox until SIGTERM or SIGINT. */
export async function sandboxCommand(argv: readonly string[], print: (line: string) => void): Promise<number> {
  let values: { port?: string; 'smtp-port'?: string; 'token-ttl'?: string; help?: boolean };
  try {
    values = parseArgs({ args: [...argv], options: { port: { type: 'string' }, 'smtp-port': { type: 'string' }, 'token-ttl': { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true }).values;
  } catch (error) {
    throw new CliError(`${(error as Error).message}; see flowgate sandbox --help`);
  }
  if (values.help) {
    print(COMMAND_USAGE.sandbox);
    return 0;
  }
  const ttl = values['token-ttl'];
  if (ttl !== undefined && (!/^\d+$/.test(ttl) || Number(ttl) < 1)) throw new CliError(`--token-ttl must be a whole number of seconds, got "${ttl}"`);
  let sandbox: Sandbox;
  try {
    sandbox = await createSandbox({ port: port(values.port, '--port', DEFAULT_SANDBOX_PORT), smtpPort: port(values['smtp-port'], '--smtp-port', DEFAULT_SMTP_PORT), tokenTtlSeconds: ttl === undefined ? undefined : Number(ttl) });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') throw new CliError(`cannot listen: ${(error as Error).message}; choose other ports with --port and --smtp-port`);
    throw error;
  }
  for (const line of connectionLines(sandbox)) print(line);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  await sandbox.close();
  return 0;
}
