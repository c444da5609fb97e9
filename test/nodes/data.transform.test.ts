import { describe, expect, it } from 'vitest';
import { NodeExecutionError, fieldHints } from '../../runtime/definition/index.js';
import { evaluateExpression, toPlainData } from '../../runtime/expressions/index.js';
import { execute } from '../../nodes/data.transform/execute.js';
import { spec } from '../../nodes/data.transform/spec.js';
import { issueMessages, issuePaths } from './config-issues.js';
import { fakeContext, thrownBy } from './fake-context.js';

async function run(config: unknown, input: unknown = null) {
  return (await execute(fakeContext(), spec.config.parse(config), toPlainData(input))).output;
}

describe('data.transform', () => {
  it('has one output plus error', () => {
    expect(spec.ports.outputs.map((port) => port.name)).toEqual(['out', 'error']);
  });

  it('marks each field value as an expression', () => {
    expect(fieldHints(spec.config.shape.fields.valueType)).toMatchObject({ expression: true });
  });

  it('defaults keepInput to false', () => {
    expect(spec.config.parse({ fields: {} })).toEqual({ fields: {}, keepInput: false });
  });

  it('rejects output paths with empty or forbidden segments, at the field', () => {
    for (const path of ['', '.a', 'a.', 'a..b', 'constructor', 'a.__proto__', 'a.constructor', 'prototype.x']) {
      expect(issuePaths(spec.config, { fields: { ok: 1, [path]: 1 } }), path).toEqual([['fields', path]]);
    }
    expect(issueMessages(spec.config, { fields: { 'a..b': 1 } })[0]).toMatch(/empty segment/);
    expect(issueMessages(spec.config, { fields: { 'a.__proto__': 1 } })[0]).toMatch(/"__proto__".*not allowed/);
    expect(issuePaths(spec.config, { fields: { 'customer.email': 1, total: 2 } })).toEqual([]);
    expect(issuePaths(spec.config, {})).toEqual([['fields']]);
    expect(issuePaths(spec.config, { fields: {}, keepInput: 'yes' })).toEqual([['keepInput']]);
  });

  it('never lets a bare "__proto__" field reach execute (zod leaves it out of a parsed record)', () => {
    const fields: Record<string, unknown> = Object.defineProperty({ a: 1 }, '__proto__', { value: { x: 1 }, enumerable: true });
    const config = spec.config.parse({ fields });
    expect(Object.keys(config.fields)).toEqual(['a']);
    expect(Object.getPrototypeOf(config.fields)).toBe(Object.prototype);
  });

  it('builds an object from evaluated fields, dotted paths nesting', async () => {
    const input = { first: 'Ada', email: 'ada@example.com', price: 4, qty: 3 };
    const rules = {
      'customer.name': { var: 'input.first' },
      'customer.email': { var: 'input.email' },
      total: { '*': [{ var: 'input.price' }, { var: 'input.qty' }] },
      'meta.source.system': 'shop',
    };
    const fields = Object.fromEntries(
      Object.entries(rules).map(([path, rule]) => [path, evaluateExpression(rule, { input: toPlainData(input) })]),
    );
    expect(await run({ fields }, input)).toEqual({
      customer: { name: 'Ada', email: 'ada@example.com' },
      total: 12,
      meta: { source: { system: 'shop' } },
    });
  });

  it('starts from the input when keepInput is set, without changing the input', async () => {
    const input = toPlainData({ id: 1, customer: { name: 'Ada', tier: 'gold' }, note: 'x' });
    const output = await run({ keepInput: true, fields: { note: null, 'customer.tier': 'platinum', added: [1] } }, input);
    expect(output).toEqual({ id: 1, customer: { name: 'Ada', tier: 'platinum' }, note: null, added: [1] });
    expect(input).toEqual({ id: 1, customer: { name: 'Ada', tier: 'gold' }, note: 'x' });
  });

  it('ignores keepInput when the input is not an object', async () => {
    expect(await run({ keepInput: true, fields: { a: 1 } }, [1, 2])).toEqual({ a: 1 });
    expect(await run({ keepInput: true, fields: { a: 1 } }, 'text')).toEqual({ a: 1 });
  });

  it('lets fields replace a non-object input value on their path', async () => {
    expect(await run({ keepInput: true, fields: { 'a.b': 1 } }, { a: 5 })).toEqual({ a: { b: 1 } });
  });

  it('extends an object set by a shorter path, whatever the order of the fields', async () => {
    const expected = { customer: { name: 'Ada', email: 'e' } };
    expect(await run({ fields: { customer: { name: 'Ada' }, 'customer.email': 'e' } })).toEqual(expected);
    expect(await run({ fields: { 'customer.email': 'e', customer: { name: 'Ada' } } })).toEqual(expected);
  });

  it('fails clearly when a field is set inside a field that is not an object', async () => {
    for (const fields of [{ a: 5, 'a.b': 1 }, { 'a.b.c': 1, 'a.b': 'x' }, { 'a.b': 1, a: [] }, { a: null, 'a.b': 1 }]) {
      const error = await thrownBy(() => run({ fields }));
      expect(error).toBeInstanceOf(NodeExecutionError);
      if (!(error instanceof NodeExecutionError)) return;
      expect(error.code).toBe('TRANSFORM_CONFLICT');
      expect(error.message).toMatch(/the fields "a(\.b)?" and "a\.b(\.c)?" conflict/);
    }
  });

  it('outputs an empty object for no fields', async () => {
    expect(await run({ fields: {} }, { a: 1 })).toEqual({});
  });
});
