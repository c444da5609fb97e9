import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeImplementations } from '../../../nodes/index.js';
import { EgressGuard } from '../../../runtime/egress/index.js';
import { Engine, type RunLimits } from '../../../runtime/engine/index.js';
import type { StepRecord } from '../../../runtime/store/index.js';
import { STORE_ENGINES, newRunStoreLocation, openRunStore, type RunStoreLocation, type StoreEngine } from '../../support/engine-harness.js';
import { startHttpRecorder, type HttpRecorder } from '../../support/http-recorder.js';
import { tempDir } from '../../support/temp-dir.js';

interface GoldenCase {
  name: string;
  input?: unknown;
  params?: Record<string, unknown>;
  limits?: Partial<RunLimits>;
  expect: {
    status: string;
    output?: unknown;
    error?: Record<string, unknown>;
    /** nodeId → "status", "status:port,port" or "absent". */
    steps?: Record<string, string>;
  };
}

const directory = join(import.meta.dirname, '../../fixtures/workflows');
const fixtures = readdirSync(directory)
  .filter((file) => file.endsWith('.json') && !file.endsWith('.golden.json'))
  .map((file) => file.replace(/\.json$/, ''));

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(join(directory, file), 'utf8'));
}

/** Replaces `$HTTP_BASE_URL` and `$RUN_ID` placeholders anywhere in a golden value. */
function substitute(value: unknown, variables: Record<string, string>): unknown {
  if (typeof value === 'string') return value.replace(/\$([A-Z_]+)/g, (match, name: string) => variables[name] ?? match);
  if (Array.isArray(value)) return value.map((item) => substitute(item, variables));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, variables)]));
  }
  return value;
}

function describeStep(step: StepRecord | undefined): string {
  if (!step) return 'absent';
  return step.ports.length > 0 ? `${step.status}:${step.ports.join(',')}` : step.status;
}

let recorder: HttpRecorder;
const dir = tempDir();
beforeAll(async () => {
  recorder = await startHttpRecorder();
});
afterAll(async () => {
  await recorder.close();
  dir.remove();
});

/** One database per engine and fixture, reopened for each of its cases as a restarted server would. */
const locations = new Map<string, Promise<RunStoreLocation>>();
function locationFor(engine: StoreEngine, fixture: string): Promise<RunStoreLocation> {
  const key = `${engine}/${fixture}`;
  let location = locations.get(key);
  if (!location) locations.set(key, (location = newRunStoreLocation(engine, dir.path, fixture)));
  return location;
}

it('has the fixture set the design asks for', () => {
  expect(fixtures).toEqual(
    expect.arrayContaining(['linear', 'if-else', 'switch', 'diamond', 'nested-branches', 'http-success', 'http-error-port', 'limits']),
  );
});

describe.each(STORE_ENGINES)('golden workflow fixtures run through the real engine on a real %s database', (storeEngine) => {
  for (const fixture of fixtures) {
    const definition = readJson(`${fixture}.json`);
    const golden = readJson(`${fixture}.golden.json`) as { cases: GoldenCase[] };
    describe(fixture, () => {
      for (const testCase of golden.cases) {
        it(testCase.name, async () => {
          const store = await openRunStore(await locationFor(storeEngine, fixture));
          const engine = new Engine({ store, nodes: nodeImplementations, limits: testCase.limits, http: new EgressGuard({ allow: [new URL(recorder.baseUrl).host] }) });
          try {
            const variables = { HTTP_BASE_URL: recorder.baseUrl };
            const run = await engine.execute({
              definition,
              input: testCase.input,
              params: substitute(testCase.params ?? {}, variables) as Record<string, unknown>,
            });
            const expected = substitute(testCase.expect, { ...variables, RUN_ID: run.id }) as GoldenCase['expect'];
            expect(run.status).toBe(expected.status);
            if ('output' in expected) expect(run.output).toEqual(expected.output);
            if (expected.error) expect(run.error).toMatchObject(expected.error);
            const steps = await store.listSteps(run.id);
            for (const [nodeId, description] of Object.entries(expected.steps ?? {})) {
              expect(describeStep(steps.find((step) => step.nodeId === nodeId)), `step ${nodeId}`).toBe(description);
            }
          } finally {
            await store.close();
          }
        });
      }
    });
  }
});
