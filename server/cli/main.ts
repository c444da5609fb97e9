import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CliError } from './cli-error.js';
import { runCommand } from './run-command.js';
import { startCommand } from './start-command.js';
import { validateCommand } from './validate-command.js';

const USAGE = `Usage:
  flowgate start [--port <n>] [--data <dir>] [--no-demo]
      Serve the API and the designer (port 3000, data in ./data, demo workspace on first start).
  flowgate validate <workflow.json>
      Check a workflow definition; prints each problem as "path: message".
      Exit 0 when valid, 1 when not.
  flowgate run <workflow.json> [--input <json>|@file] [--params <json>|@file]
               [--credentials <json>|@file] [--db <path>]
      Run a workflow once and print the run as JSON (temporary database unless --db).
      Sub-workflows, forEach bodies and error workflows resolve to <id>.json beside the file.
      Exit 0 succeeded, 1 failed, 3 waiting.
  flowgate sandbox [--port <n>] [--smtp-port <n>] [--token-ttl <seconds>]
      Serve the demo's stand-in Shopify, Business Central, ShipStation, Slack, Teams and SMTP
      on 127.0.0.1 (ports 4010 and 2525); see flowgate sandbox --help.
  flowgate --help | --version`;

/** Entry point of the `flowgate` command; returns the process exit code. */
export async function main(argv: readonly string[], out = console.log, err = console.error): Promise<number> {
  try {
    return await dispatch(argv, out);
  } catch (error) {
    if (error instanceof CliError) {
      err(`flowgate: ${error.message}`);
      return error.exitCode;
    }
    err(`flowgate: unexpected failure: ${error instanceof Error ? error.message : String(error)}`);
    return 70;
  }
}

async function dispatch(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    out(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version') {
    out('flowgate 0.1.0');
    return 0;
  }
  if (command === 'start') return startCommand(rest, out);
  if (command === 'sandbox') return (await import('../sandbox/sandbox-command.js')).sandboxCommand(rest, out);
  if (command === 'validate') {
    const { positionals } = parse(rest, {});
    return validateCommand(onlyFile(positionals), out);
  }
  if (command === 'run') {
    const options = { input: { type: 'string' }, params: { type: 'string' }, credentials: { type: 'string' }, db: { type: 'string' } } as const;
    const { values, positionals } = parse(rest, options);
    const file = onlyFile(positionals);
    if (values.db !== undefined) return runCommand({ ...values, file, db: values.db }, out);
    const scratch = mkdtempSync(join(tmpdir(), 'flowgate-run-'));
    try {
      return await runCommand({ ...values, file, db: join(scratch, 'runs.db') }, out);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  throw new CliError(`unknown command "${command}"; see flowgate --help`);
}

function parse<T extends NonNullable<Parameters<typeof parseArgs>[0]>['options']>(args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(`${(error as Error).message}; see flowgate --help`);
  }
}

function onlyFile(positionals: readonly string[]): string {
  if (positionals.length !== 1) throw new CliError('expected exactly one workflow file; see flowgate --help');
  return positionals[0] as string;
}
