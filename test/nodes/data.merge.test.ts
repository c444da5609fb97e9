import { describe, expect, it } from 'vitest';
import { NodeExecutionError, type IncomingValue, type NodeData } from '../../runtime/definition/index.js';
import { toPlainData } from '../../runtime/expressions/index.js';
import { execute } from '../../nodes/data.merge/execute.js';
import { spec } from '../../nodes/data.merge/spec.js';
import { issuePaths } from './config-issues.js';
import { fakeContext, thrownBy } from './fake-context.js';

const inputs: IncomingValue[] = [
  { nodeId: 'customer', port: 'out', value: toPlainData({ id: 1, name: 'Ada', source: 'crm' }) },
  { nodeId: 'orders', port: 'true', value: toPlainData({ orders: [1, 2], source: 'erp' }) },
];

async function run(mode: unknown, incoming: readonly IncomingValue[], input: unknown = null) {
  return (await execute(fakeContext({ inputs: incoming }), spec.config.parse({ mode }), toPlainData(input))).output;
}

describe('data.merge', () => {
  it('defaults to shallow and accepts only its modes', () => {
    expect(spec.config.parse({})).toEqual({ mode: 'shallow' });
    expect(issuePaths(spec.config, { mode: 'deep' })).toEqual([['mode']]);
    expect(issuePaths(spec.config, { mode: 'list', extra: true })).toEqual([[]]);
  });

  it('shallow: merges objects in edge order, later fields winning', async () => {
    expect(await run('shallow', inputs)).toEqual({ id: 1, name: 'Ada', source: 'erp', orders: [1, 2] });
    expect(await run('shallow', [...inputs].reverse())).toMatchObject({ source: 'crm' });
  });

  it('shallow: names the node whose output is not an object', async () => {
    for (const value of [[1], 'text', null, 3]) {
      const error = await thrownBy(() =>
        run('shallow', [...inputs, { nodeId: 'lookup', port: 'out', value: toPlainData(value) }]),
      );
      expect(error).toBeInstanceOf(NodeExecutionError);
      if (!(error instanceof NodeExecutionError)) return;
      expect(error.code).toBe('MERGE_NOT_OBJECT');
      expect(error.message).toContain('"lookup"');
    }
  });

  it('shallow: keeps a "__proto__" key as data instead of changing the prototype', async () => {
    const value: NodeData = Object.defineProperty({}, '__proto__', { value: { polluted: true }, enumerable: true });
    const output = await run('shallow', [{ nodeId: 'x', port: 'out', value }]);
    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
    expect(typeof output === 'object' && output !== null && Object.hasOwn(output, '__proto__')).toBe(true);
    expect('polluted' in {}).toBe(false);
  });

  it('byNode: keys values by the node they came from', async () => {
    expect(await run('byNode', inputs)).toEqual({
      customer: { id: 1, name: 'Ada', source: 'crm' },
      orders: { orders: [1, 2], source: 'erp' },
    });
  });

  it('list: the values in edge order, whatever they are', async () => {
    const mixed: IncomingValue[] = [...inputs, { nodeId: 'n', port: 'out', value: 'text' }];
    expect(await run('list', mixed)).toEqual([inputs[0]?.value, inputs[1]?.value, 'text']);
  });

  it('without incoming values (the node run alone) merges just its input', async () => {
    expect(await run('shallow', [], { a: 1 })).toEqual({ a: 1 });
    expect(await run('byNode', [], { a: 1 })).toEqual({ input: { a: 1 } });
    expect(await run('list', [], 'x')).toEqual(['x']);
    const error = await thrownBy(() => run('shallow', [], 'x'));
    expect(error).toBeInstanceOf(NodeExecutionError);
    expect(error instanceof Error ? error.message : '').toMatch(/the input is a string/);
  });
});
