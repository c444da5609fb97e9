import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './cli-error.js';
import type { CommandName } from './usage.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Every command takes `-h` / `--help`. */
const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * A command's arguments, parsed strictly: an unknown option, an option without its value or an
 * argument the command does not take is one clear line and exit 2 (see {@link CliError}).
 */
export function parseCommand<T extends Options>(command: CommandName | 'admin create-partner', args: readonly string[], options: T, allowPositionals: boolean) {
  try {
    return parseArgs({ args: [...args], options: { ...options, ...HELP }, allowPositionals, strict: true });
  } catch (error) {
    throw new CliError(`${parseProblem(error)} for flowgate ${command}; see flowgate ${command} --help`);
  }
}

/** The parse error in a few words; Node's own messages go on about `--` and positionals. */
function parseProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
  // Node names an option as "--port <value>" or "-h, --help"; the long name is what people type.
  const option = quoted.match(/-{1,2}[\w-]+/g)?.at(-1) ?? quoted;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option "${option}"`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument "${quoted}"`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return message.includes('argument missing') ? `option "${option}" needs a value` : `option "${option}" takes no value`;
  }
  return message.split('. ')[0] ?? message;
}
