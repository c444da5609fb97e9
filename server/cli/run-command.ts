import { nodeImplementations } from '../../nodes/index.js';
import type { SecretStore } from '../../runtime/definition/index.js';
import { Engine, RunRequestError, WorkflowInvalidError } from '../../runtime/engine/index.js';
import { ExpressionError } from '../../runtime/expressions/index.js';
import { SqliteRunStore, type RunRecord } from '../../runtime/store/index.js';
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
  const store = SqliteRunStore.open(options.db);
  const engine = new Engine({ store, nodes: nodeImplementations, secrets: credentialStore(options.credentials) });
  try {
    const run = await engine.execute({ definition, input, params: params as Record<string, unknown> });
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
    await store.close();
  }
}

function credentialStore(option: string | undefined): SecretStore {
  const credentials = option === undefined ? {} : parseJsonOption(option, '--credentials');
  if (typeof credentials !== 'object' || credentials === null || Array.isArray(credentials)) {
    throw new CliError('--credentials must be a JSON object of credential id → fields');
  }
  return {
    get(credentialId) {
      const found = (credentials as Record<string, unknown>)[credentialId];
      if (typeof found !== 'object' || found === null) return Promise.reject(new Error(`credential "${credentialId}" is not in --credentials`));
      return Promise.resolve(found as Record<string, string>);
    },
  };
}
