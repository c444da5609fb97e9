import { readFileSync } from 'node:fs';
import { CliError } from './cli-error.js';

/** Reads and parses a JSON file, turning every failure into one clear line. */
export function readJsonFile(path: string, what = 'file'): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new CliError(`cannot read ${what} ${path}: ${reason}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${what} ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/** A JSON option value given inline (`'{"a":1}'`) or as `@file.json`. */
export function parseJsonOption(value: string, option: string): unknown {
  if (value.startsWith('@')) return readJsonFile(value.slice(1), `${option} file`);
  try {
    return JSON.parse(value);
  } catch (error) {
    throw new CliError(`${option} is not valid JSON: ${(error as Error).message}`);
  }
}
