import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fieldHints } from '../../runtime/definition/index.js';
import { Engine } from '../../runtime/engine/index.js';
import { SqliteRunStore } from '../../runtime/store/index.js';
import { nodeImplementations } from '../../nodes/index.js';
import { execute } from '../../nodes/flow.setSearchAttributes/execute.js';
import { spec } from '../../nodes/flow.setSearchAttributes/spec.js';
import { workflow } from '../support/definitions.js';
import { tempDir } from '../support/temp-dir.js';
import { issuePaths } from './config-issues.js';
import { fakeContext } from './fake-context.js';

describe('flow.setSearchAttributes', () => {
  it('is a flow step without side effects, with out and error ports and expressions for every value', () => {
    expect([spec.category, spec.sideEffects, spec.icon]).toEqual(['flow', false, 'tag']);
    expect(spec.ports.outputs.map((port) => port.name)).toEqual(['out', 'error']);
    expect(fieldHints(spec.config.shape.businessKey).expression).toBe(true);
  });

  it('checks attribute names, how many there are, and the length of values and the key', () => {
    expect(issuePaths(spec.config, { attributes: { customer: 'ACME', 'order.total': 12, paid: true, none: null } })).toEqual([]);
    expect(issuePaths(spec.config, { attributes: { '1st': 'x' } })).toEqual([['attributes', '1st']]);
    expect(issuePaths(spec.config, { attributes: { 'has space': 'x' } })).toEqual([['attributes', 'has space']]);
    expect(issuePaths(spec.config, { attributes: { note: 'x'.repeat(201) } })).toEqual([['attributes', 'note']]);
    expect(issuePaths(spec.config, { attributes: { note: { nested: true } } })).toEqual([['attributes', 'note']]);
    const many = Object.fromEntries(Array.from({ length: 21 }, (_, index) => [`a${index}`, index]));
    expect(issuePaths(spec.config, { attributes: many })).toEqual([['attributes']]);
    expect(issuePaths(spec.config, { businessKey: '' })).toEqual([['businessKey']]);
    expect(issuePaths(spec.config, { businessKey: 'k'.repeat(201) })).toEqual([['businessKey']]);
  });

  it('hands the attributes as text (unset ones left out) and the key to the engine, and passes its input on', async () => {
    const config = spec.config.parse({ attributes: { customer: 'ACME', total: 120.5, paid: false, coupon: null }, businessKey: 1042 });
    const outcome = await execute(fakeContext(), config, { id: 1042 });
    expect(outcome).toEqual({ output: { id: 1042 }, searchAttributes: { businessKey: '1042', attributes: { customer: 'ACME', total: '120.5', paid: 'false' } } });
    expect(await execute(fakeContext(), spec.config.parse({ attributes: { a: 'b' } }), null)).toEqual({ output: null, searchAttributes: { attributes: { a: 'b' } } });
  });
});

describe('flow.setSearchAttributes in a run', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteRunStore;
  let engine: Engine;

  beforeEach(() => {
    dir = tempDir();
    store = SqliteRunStore.open(join(dir.path, 'runs.db'));
    engine = new Engine({ store, nodes: nodeImplementations });
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  const tagged = workflow(
    [
      { id: 'start', type: 'trigger.manual' },
      {
        id: 'tag',
        type: 'flow.setSearchAttributes',
        config: { attributes: { customer: { var: 'input.customer' }, total: { var: 'input.total' } }, businessKey: { cat: ['SO-', { var: 'input.id' }] } },
      },
      { id: 'retag', type: 'flow.setSearchAttributes', config: { attributes: { customer: { cat: [{ var: 'input.customer' }, '-2'] } } } },
    ],
    [
      ['start', 'out', 'tag'],
      ['tag', 'out', 'retag'],
    ],
    { settings: { businessKey: { var: 'input.id' } } },
  );

  it('starts the run with the key of the settings, then writes what the steps set; a name set again takes the new value', async () => {
    const handle = await engine.start({ definition: tagged, input: { id: 7, customer: 'acme', total: 99 } });
    expect((await store.getRun(handle.runId))?.businessKey).toBe('7');
    const run = await handle.settled;
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual({ id: 7, customer: 'acme', total: 99 });
    const stored = await store.getRun(run.id);
    expect(stored?.businessKey).toBe('SO-7');
    expect(stored?.searchAttributes).toEqual({ customer: 'acme-2', total: '99' });
  });

  it('writes the same rows when a step runs again, and keeps no more than twenty names per run', async () => {
    const run = await engine.execute({ definition: tagged, input: { id: 8, customer: 'b2b', total: 5 } });
    store.setSearchAttributes(run.id, 'local', { attributes: { customer: 'B2B', total: '5' } });
    const extra = Object.fromEntries(Array.from({ length: 25 }, (_, index) => [`extra${index}`, String(index)]));
    store.setSearchAttributes(run.id, 'local', { attributes: extra });
    await store.flush();
    const stored = await store.getRun(run.id);
    expect(Object.keys(stored?.searchAttributes ?? {})).toHaveLength(20);
    expect(stored?.searchAttributes).toMatchObject({ customer: 'B2B', total: '5', extra0: '0', extra17: '17' });
    expect(stored?.searchAttributes.extra18).toBeUndefined();
  });

  it('refuses a run whose business key is not text, a number or a flag, and gives none when the input lacks it', async () => {
    await expect(engine.start({ definition: tagged, input: { id: { nested: 1 } } })).rejects.toThrow(/business key/);
    const handle = await engine.start({ definition: workflow([{ id: 'start', type: 'trigger.manual' }], [], { settings: { businessKey: { var: 'input.id' } } }), input: {} });
    await handle.settled;
    expect((await store.getRun(handle.runId))?.businessKey).toBeNull();
  });
});
