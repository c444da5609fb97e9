import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');

/** A `flowgate start` process as a user runs it (the built `bin/flowgate.js`). */
export interface FlowgateProcess {
  readonly child: ChildProcess;
  /** Where it listens; empty for roles that serve no HTTP. */
  readonly url: string;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** JSON log lines it wrote so far, parsed. */
  logs(): Record<string, unknown>[];
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts `node bin/flowgate.js start --port 0 …` on `dataDir` and resolves once its banner says
 * where it listens; rejects with its output if it exits or prints no banner within 20 seconds.
 */
export function startFlowgate(dataDir: string, cwd: string, ...args: string[]): Promise<FlowgateProcess> {
  return startFlowgateWith({}, dataDir, cwd, ...args);
}

/** {@link startFlowgate} with these settings (e.g. FLOWGATE_DATABASE_URL) in its environment. */
export function startFlowgateWith(settings: NodeJS.ProcessEnv, dataDir: string, cwd: string, ...args: string[]): Promise<FlowgateProcess> {
  return startFlowgateProcess({ settings, dataDir, cwd, args, ready: /^API reference: /m });
}

/** How to start a `flowgate start` process and how to tell it is up. */
export interface FlowgateStart {
  readonly settings: NodeJS.ProcessEnv;
  readonly dataDir: string;
  readonly cwd: string;
  readonly args: readonly string[];
  /** The output that says it is up (the banner's last line for HTTP roles; a worker's "ready" line). */
  readonly ready: RegExp;
}

/**
 * Starts `node bin/flowgate.js start --port 0 --data <dataDir> <args>` with only `settings` of the
 * FLOWGATE_ variables, and resolves once its output matches `ready`; rejects with its output if it
 * exits first or within 20 seconds it does not.
 */
export async function startFlowgateProcess(start: FlowgateStart): Promise<FlowgateProcess> {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!/^(FLOWGATE_|PORT$|HOST$|LOG_LEVEL$)/.test(name)) environment[name] = value;
  Object.assign(environment, start.settings);
  const child = spawn(process.execPath, [join(root, 'bin/flowgate.js'), 'start', '--port', '0', '--data', start.dataDir, ...start.args], {
    cwd: start.cwd,
    env: environment,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 20_000;
  while (!start.ready.test(output)) {
    if (child.exitCode !== null) throw new Error(`flowgate start exited ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`flowgate start printed no banner:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const url = /Flowgate is running at (http:\/\/\S+)/.exec(output)?.[1] ?? '';
  return {
    child,
    url,
    output: () => output,
    logs: () =>
      output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
