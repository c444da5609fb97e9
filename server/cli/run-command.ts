import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { nodeImplementations } from '../../nodes/index.js';
import type { TenantSecretStore } from '../../runtime/definition/index.js';
import { EgressGuard } from '../../runtime/egress/index.js';
import { Engine, RunRequestError, WorkflowInvalidError, type WorkflowResolver } from '../../runtime/engine/index.js';
import { ExpressionError } from '../../runtime/expressions/index.js';
import { SqliteRunStore, type RunRecord } from '../../runtime/store/index.js';
import { deploymentAllowList } from '../config.js';
import { CliError } from './cli-error.js';
import { parseJsonOption } from './read-json-file.js';
import { readWorkflowFile } from './read-workflow-file.js';

/** Options of `flowgate run`. */
export interface RunCommandOptions {
  readonly file: string;
  /** Inline JSON or `@file.json`. */
  readonly input?: string;
  readonly params?: string;
  /** Credentials as `{ "<id>": { "type": "bearer", "token": "..." } }`, inline or `@file.json`. */
  readonly credentials?: string;
  /** Database file; the caller passes a temporary one when the user gave none. */
  readonly db: string;
}

const EXIT_CODES: Partial<Record<RunRecord['status'], number>> = { succeeded: 0, failed: 1, waiting: 3 };

/**
 * `flowgate run`: executes the workflow durably and prints the finished run as JSON. Exit 0 when
 * it succeeded, 1 when it failed, 3 when it is waiting (approval, timer, event).
 */
export async function runCommand(options: RunCommandOptions, print: (line: string) => void): Promise<number> {
  const definition = readWorkflowFile(options.file);
  const input = options.input === undefined ? {} : parseJsonOption(options.input, '--input');
  const params = options.params === undefined ? {} : parseJsonOption(options.params, '--params');
  if (typeof params !== 'object' || params === null || Array.isArray(params)) throw new CliError('--params must be a JSON object');
  const http = egressGuard();
  const store = SqliteRunStore.open(options.db);
  const engine = new Engine({
    store,
    nodes: nodeImplementations,
    http,
    secrets: credentialStore(options.credentials),
    workflows: siblingFiles(dirname(options.file)),
  });
  try {
    const started = await engine.execute({ definition, input, params: params as Record<string, unknown> });
    const run = await untilOutOfProcessWait(engine, started);
    const steps = await store.listSteps(run.id);
    const report = {
      id: run.id,
      status: run.status,
      output: run.output,
      error: run.error,
      steps: steps.map((step) => ({ nodeId: step.nodeId, status: step.status, output: step.output, error: step.error })),
    };
    print(JSON.stringify(report, null, 2));
    return EXIT_CODES[run.status] ?? 1;
  } catch (error) {
    if (error instanceof WorkflowInvalidError || error instanceof RunRequestError || error instanceof ExpressionError) {
      throw new CliError(`${options.file}: ${error.message}`);
    }
    throw error;
  } finally {
    // The engine's work under way (a task's announcement, a timer round) ends before the store closes.
    await engine.shutdown().finally(async () => {
      await store.close();
      await http.close();
    });
  }
}

/** The egress guard with the deployment allow-list of the environment (FLOWGATE_EGRESS_ALLOW), as the server uses. */
function egressGuard(): EgressGuard {
  try {
    return new EgressGuard({ allow: deploymentAllowList(process.env) });
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
}

/** Waits that end inside this process: child runs and retry back-offs. */
const IN_PROCESS_WAITS: ReadonlySet<string> = new Set(['children', 'retry']);

/**
 * Keeps the command running while the run waits only for things this process completes itself
 * (sub-workflows, forEach items, retries); stops at waits for people, events or timers.
 */
async function untilOutOfProcessWait(engine: Engine, run: RunRecord): Promise<RunRecord> {
  let current = run;
  for (;;) {
    const trace = await engine.trace(current.id);
    if (!trace) return current;
    current = trace.run;
    if (current.status !== 'waiting' && current.status !== 'running') return current;
    const waits = trace.steps.filter((step) => step.status === 'waiting').map((step) => (step.wait as { kind?: string } | null)?.kind ?? '');
    if (current.status === 'waiting' && !waits.every((kind) => IN_PROCESS_WAITS.has(kind))) return current;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Resolves workflow ids (sub-workflows, forEach bodies, error workflows) to `<id>.json` next to the file run. */
function siblingFiles(directory: string): WorkflowResolver {
  return {
    resolve(_tenantId, workflowId) {
      if (!/^[A-Za-z0-9_.-]+$/.test(workflowId)) return Promise.resolve(undefined);
      const path = join(directory, `${workflowId}.json`);
      if (!existsSync(path)) return Promise.resolve(undefined);
      return Promise.resolve({ workflowId, version: null, definition: readWorkflowFile(path) });
    },
  };
}

function credentialStore(option: string | undefined): TenantSecretStore {
  const credentials = option === undefined ? {} : parseJsonOption(option, '--credentials');
  if (typeof credentials !== 'object' || credentials === null || Array.isArray(credentials)) {
    throw new CliError('--credentials must be a JSON object of credential id → fields');
  }
  // The credentials are the caller's own, given on the command line: they are not bound to hosts
  // and a file's run may use them, unlike the server's stored credentials.
  return {
    get(_tenantId, credentialId) {
      const found = (credentials as Record<string, unknown>)[credentialId];
      if (typeof found !== 'object' || found === null) return Promise.reject(new Error(`credential "${credentialId}" is not in --credentials`));
      return Promise.resolve(found as Record<string, string>);
    },
  };
}
