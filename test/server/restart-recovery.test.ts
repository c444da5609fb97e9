import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../../runtime/definition/index.js';
import { definitionHash } from '../../runtime/engine/index.js';
import { SqliteRunStore } from '../../runtime/store/index.js';
import { workflow } from '../support/definitions.js';
import { startFlowgate, type FlowgateProcess } from '../support/flowgate-process.js';
import { tempDir } from '../support/temp-dir.js';

const scratch = tempDir('flowgate-restart-');
afterAll(() => scratch.remove());

const started: FlowgateProcess[] = [];
afterEach(() => {
  for (const process of started.splice(0)) if (process.child.exitCode === null) process.child.kill('SIGKILL');
});

async function start(dataDir: string): Promise<FlowgateProcess> {
  const process = await startFlowgate(dataDir, scratch.path, '--no-demo');
  started.push(process);
  return process;
}

/** Reads two levels of the input through `run.input`, as the runs of the defect did. */
const reads = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    { id: 'read', type: 'data.transform', config: { fields: { top: { var: 'run.input.a.a' }, done: true } } },
  ],
  [['start', 'out', 'read']],
);

/** A definition that was valid when its run started, on a node type this Flowgate no longer has. */
const retired = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    { id: 'old', type: 'acme.retired' },
  ],
  [['start', 'out', 'old']],
);

function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < levels; level++) value = { a: value };
  return value;
}

/** A run as a crash leaves it: committed `running`, not one step recorded. */
function plant(store: SqliteRunStore, id: string, definition: WorkflowDefinition, input: unknown): void {
  const hash = definitionHash(definition);
  store.saveDefinition(hash, definition);
  const now = Date.now();
  store.createRun({
    id,
    tenantId: 'restart-test',
    workflowId: null,
    workflowVersion: null,
    definitionHash: hash,
    triggerNodeId: 'start',
    status: 'running',
    inputJson: JSON.stringify(input),
    paramsJson: '{}',
    triggerJson: null,
    parentRunId: null,
    parentNodeId: null,
    parentIndex: null,
    initiatedBy: null,
    createdAt: now,
    startedAt: now,
  });
}

function runsIn(dataDir: string): Record<string, { status: string; output: unknown; error: { code: string; message: string } | null }> {
  const db = new Database(join(dataDir, 'flowgate.db'), { readonly: true });
  try {
    const rows = db.prepare("SELECT id, status, output, error FROM runs WHERE tenant_id = 'restart-test'").all() as {
      id: string;
      status: string;
      output: string | null;
      error: string | null;
    }[];
    return Object.fromEntries(
      rows.map((row) => [
        row.id,
        { status: row.status, output: row.output === null ? null : (JSON.parse(row.output) as unknown), error: row.error === null ? null : (JSON.parse(row.error) as never) },
      ]),
    );
  } finally {
    db.close();
  }
}

describe('a restart with a run that cannot be resumed (the real process)', () => {
  it('becomes ready, fails that run with the reason, resumes and finishes the others, and stops on SIGTERM', async () => {
    const dataDir = join(scratch.path, 'data');
    expect(await (await start(dataDir)).stop()).toBe(0);

    const store = SqliteRunStore.open(join(dataDir, 'flowgate.db'));
    plant(store, 'poisoned', retired, {});
    plant(store, 'at-the-limit', reads, nested(100));
    plant(store, 'interrupted', reads, { a: { a: 'x' } });
    await store.close();

    const restarted = await start(dataDir);
    const ready = await fetch(`${restarted.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, database: true });

    const deadline = Date.now() + 10_000;
    let runs = runsIn(dataDir);
    while (Object.values(runs).some((run) => run.status === 'running') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      runs = runsIn(dataDir);
    }
    expect(runs.interrupted).toEqual({ status: 'succeeded', output: { top: 'x', done: true }, error: null });
    expect(runs['at-the-limit']).toEqual({ status: 'succeeded', output: { top: nested(98), done: true }, error: null });
    expect(runs.poisoned).toEqual({
      status: 'failed',
      output: null,
      error: { code: 'RESUME_FAILED', message: 'the run could not be resumed: the workflow is not valid: nodes[1].type: unknown node type "acme.retired"' },
    });
    expect(restarted.logs()).toContainEqual(
      expect.objectContaining({ level: 50, runId: 'poisoned', msg: 'a run could not be resumed; it is marked failed', error: expect.stringContaining('acme.retired') as unknown }),
    );
    expect(restarted.logs()).toContainEqual(expect.objectContaining({ msg: 'flowgate started', resumed: 2 }));

    expect(await restarted.stop()).toBe(0);
    expect(restarted.output()).toContain('Shutting down');
  });
});
