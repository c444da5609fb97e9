import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER_FLAGS } from '../config.js';
import { CliError } from './cli-error.js';
import { parseCommand } from './command-options.js';
import { COMMAND_USAGE, CREATE_PARTNER_USAGE, USAGE, isCommand } from './usage.js';

const RUN_OPTIONS = { input: { type: 'string' }, params: { type: 'string' }, credentials: { type: 'string' }, db: { type: 'string' } } as const;

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

/**
 * The `flowgate start` flags a server command stands for: `start`'s own, or for `worker` the same
 * with `--role worker` (which it may not name again). Throws {@link CliError} for other commands.
 */
export function commandConfigArgs(command: string, args: readonly string[]): string[] {
  if (command === 'start') return [...args];
  if (command !== 'worker') throw new CliError(`"${command}" is not a command that starts Flowgate; see flowgate --help`);
  if (args.some((arg) => arg === '--role' || arg.startsWith('--role='))) throw new CliError('flowgate worker takes no --role: it is flowgate start --role worker');
  return ['--role', 'worker', ...args];
}

/**
 * Each command's module is imported when that command runs: help, validation and usage errors then
 * start in a fraction of the time the server's dependencies (express, the stores, the job queue) take
 * to load.
 */
async function dispatch(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    out(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version') {
    out('flowgate 0.1.0');
    return 0;
  }
  if (command === 'help') return help(rest, out);
  if (command.startsWith('-')) throw new CliError(`unknown option "${command}"; see flowgate --help`);
  if (command === 'start') {
    // Parsed here for --help and unknown flags; the server reads its settings from the same flags.
    if (parseCommand('start', rest, SERVER_FLAGS, false).values.help) return usage('start', out);
    return (await import('./start-command.js')).startCommand(rest, out);
  }
  if (command === 'worker') {
    if (parseCommand('worker', rest, SERVER_FLAGS, false).values.help) return usage('worker', out);
    return (await import('./start-command.js')).startCommand(commandConfigArgs('worker', rest), out);
  }
  if (command === 'sandbox') return (await import('../sandbox/sandbox-command.js')).sandboxCommand(rest, out);
  if (command === 'validate') {
    const { values, positionals } = parseCommand('validate', rest, {}, true);
    if (values.help) return usage('validate', out);
    return (await import('./validate-command.js')).validateCommand(onlyFile('validate', positionals), out);
  }
  if (command === 'run') {
    const { values, positionals } = parseCommand('run', rest, RUN_OPTIONS, true);
    if (values.help) return usage('run', out);
    const { runCommand } = await import('./run-command.js');
    const options = { file: onlyFile('run', positionals), input: values.input, params: values.params, credentials: values.credentials };
    if (values.db !== undefined) return runCommand({ ...options, db: values.db }, out);
    const scratch = mkdtempSync(join(tmpdir(), 'flowgate-run-'));
    try {
      return await runCommand({ ...options, db: join(scratch, 'runs.db') }, out);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  if (command === 'admin') return admin(rest, out);
  throw new CliError(`unknown command "${command}"; see flowgate --help`);
}

/** `flowgate admin <task>`. */
async function admin(args: readonly string[], out: (line: string) => void): Promise<number> {
  const [task, ...rest] = args;
  if (task === undefined || task === '--help' || task === '-h') {
    out(COMMAND_USAGE.admin);
    return task === undefined ? 2 : 0;
  }
  if (task === 'create-partner') {
    const result = await (await import('./admin-command.js')).createPartnerCommand(rest, out);
    if (result !== 'help') return result;
    out(CREATE_PARTNER_USAGE);
    return 0;
  }
  throw new CliError(`unknown admin task "${task}"; see flowgate admin --help`);
}

/** `flowgate help [command]`. */
function help(args: readonly string[], out: (line: string) => void): number {
  const [command, ...extra] = args;
  if (command === undefined) {
    out(USAGE);
    return 0;
  }
  if (command === 'admin' && extra.length === 1 && extra[0] === 'create-partner') {
    out(CREATE_PARTNER_USAGE);
    return 0;
  }
  if (!isCommand(command) || extra.length > 0) throw new CliError(`no help for "${args.join(' ')}"; the commands are start, worker, validate, run, admin and sandbox`);
  return usage(command, out);
}

function usage(command: keyof typeof COMMAND_USAGE, out: (line: string) => void): number {
  out(COMMAND_USAGE[command]);
  return 0;
}

function onlyFile(command: 'validate' | 'run', positionals: readonly string[]): string {
  if (positionals.length !== 1) throw new CliError(`expected exactly one workflow file; see flowgate ${command} --help`);
  return positionals[0] as string;
}
