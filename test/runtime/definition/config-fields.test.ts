import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { nodeCatalog } from '../../../nodes/catalog.js';
import { expression, field, findExpressionSites, setAtPath, type PathSegment } from '../../../runtime/definition/index.js';

const rule = { '>': [{ var: 'input.total' }, 500] };

/** The value at `path` inside `root`, or undefined when the path leaves the containers. */
function at(root: unknown, path: readonly PathSegment[]): unknown {
  let current = root;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = (current as unknown[])[segment];
    else if (typeof current === 'object' && current !== null && typeof segment === 'string') {
      current = (current as Record<string, unknown>)[segment];
    } else return undefined;
  }
  return current;
}

describe('findExpressionSites', () => {
  it('finds expression fields in nested objects, records and arrays of objects, with their paths and values', () => {
    const schema = z.strictObject({
      url: expression(z.string()),
      method: z.enum(['GET', 'POST']),
      auth: z.object({ scheme: z.string(), token: expression(z.string()) }),
      headers: z.record(z.string(), expression(z.string())),
      cases: z.array(z.object({ port: z.string(), rule: expression(z.json()) })),
    });
    const config = {
      url: { cat: ['https://erp.example.test/orders/', { var: 'input.id' }] },
      method: 'POST',
      auth: { scheme: 'bearer', token: { var: 'params.token' } },
      headers: { 'X-Tenant': 'acme', 'X-Order': { var: 'input.id' } },
      cases: [
        { port: 'high', rule },
        { port: 'low', rule: true },
      ],
    };
    expect(findExpressionSites(schema, config)).toEqual([
      { path: ['url'], value: config.url },
      { path: ['auth', 'token'], value: { var: 'params.token' } },
      { path: ['headers', 'X-Tenant'], value: 'acme' },
      { path: ['headers', 'X-Order'], value: { var: 'input.id' } },
      { path: ['cases', 0, 'rule'], value: rule },
      { path: ['cases', 1, 'rule'], value: true },
    ]);
  });

  it('treats a whole config marked as an expression as one site at the root', () => {
    expect(findExpressionSites(expression(z.json()), rule)).toEqual([{ path: [], value: rule }]);
  });

  it('looks through optional, default and nullable wrappers around expression fields', () => {
    const schema = z.object({
      optional: expression(z.json()).optional(),
      defaulted: expression(z.number()).default(5),
      nullable: expression(z.string()).nullable(),
      stacked: expression(z.json()).nullable().optional(),
      hinted: field(expression(z.json()).optional(), { label: 'Rule' }),
    });
    const config = { optional: rule, defaulted: { var: 'params.limit' }, nullable: null, stacked: 'x', hinted: { var: 'input' } };
    expect(findExpressionSites(schema, config)).toEqual([
      { path: ['optional'], value: rule },
      { path: ['defaulted'], value: { var: 'params.limit' } },
      { path: ['nullable'], value: null },
      { path: ['stacked'], value: 'x' },
      { path: ['hinted'], value: { var: 'input' } },
    ]);
  });

  it('looks through optional, default and nullable wrappers around containers', () => {
    const schema = z.object({
      auth: z.object({ token: expression(z.string()) }).optional(),
      cases: z.array(z.object({ rule: expression(z.json()) })).default([]),
      headers: field(z.record(z.string(), expression(z.string())), { label: 'Headers', widget: 'keyValue' }).nullable(),
    });
    const config = { auth: { token: 'secret-ref' }, cases: [{ rule }], headers: { Accept: 'application/json' } };
    expect(findExpressionSites(schema, config)).toEqual([
      { path: ['auth', 'token'], value: 'secret-ref' },
      { path: ['cases', 0, 'rule'], value: rule },
      { path: ['headers', 'Accept'], value: 'application/json' },
    ]);
    expect(findExpressionSites(schema, { auth: null, headers: null })).toEqual([]);
  });

  it('reports a field shared by the options of a union once', () => {
    const schema = z.object({
      check: z.union([
        z.object({ kind: z.literal('simple'), rule: expression(z.json()) }),
        z.object({ kind: z.literal('guarded'), rule: expression(z.json()), guard: expression(z.json()) }),
      ]),
    });
    expect(findExpressionSites(schema, { check: { kind: 'guarded', rule, guard: true } })).toEqual([
      { path: ['check', 'rule'], value: rule },
      { path: ['check', 'guard'], value: true },
    ]);
  });

  it('finds the fields of the option a discriminated union value holds, once each', () => {
    const schema = z.object({
      notify: z.discriminatedUnion('channel', [
        z.object({ channel: z.literal('email'), to: expression(z.string()), subject: expression(z.string()) }),
        z.object({ channel: z.literal('webhook'), url: expression(z.string()), subject: expression(z.string()) }),
      ]),
    });
    expect(findExpressionSites(schema, { notify: { channel: 'webhook', url: { var: 'params.hook' }, subject: 'Order' } })).toEqual([
      { path: ['notify', 'subject'], value: 'Order' },
      { path: ['notify', 'url'], value: { var: 'params.hook' } },
    ]);
  });

  it('produces no site for an absent optional field, or one present as undefined', () => {
    const schema = z.object({ rule: expression(z.json()).optional(), fallback: expression(z.json()).default(null) });
    expect(findExpressionSites(schema, {})).toEqual([]);
    expect(findExpressionSites(schema, { rule: undefined })).toEqual([]);
    expect(findExpressionSites(schema, undefined)).toEqual([]);
  });

  it('ignores values whose shape does not match the schema, without throwing', () => {
    const schema = z.object({
      auth: z.object({ token: expression(z.string()) }),
      headers: z.record(z.string(), expression(z.string())),
      cases: z.array(z.object({ rule: expression(z.json()) })),
    });
    expect(findExpressionSites(schema, 'not an object')).toEqual([]);
    expect(findExpressionSites(schema, null)).toEqual([]);
    expect(findExpressionSites(schema, [{ auth: { token: 'x' } }])).toEqual([]);
    expect(findExpressionSites(schema, { auth: 'token', headers: ['Accept'], cases: { 0: { rule } } })).toEqual([]);
    expect(findExpressionSites(schema, { cases: [1, 'two', null, [rule], { rule }] })).toEqual([{ path: ['cases', 4, 'rule'], value: rule }]);
  });

  it('only reports keys the schema declares', () => {
    const schema = z.object({ rule: expression(z.json()) });
    expect(findExpressionSites(schema, { rule: true, extra: { var: 'input' } })).toEqual([{ path: ['rule'], value: true }]);
  });

  it('walks a real node spec: the cases of logic.switch', () => {
    const spec = nodeCatalog.get('logic.switch', 1);
    expect(spec).toBeDefined();
    const config = { cases: [{ port: 'high', label: 'High value', rule }, { port: 'vip', rule: { var: 'input.vip' } }] };
    expect(findExpressionSites(spec?.config ?? z.never(), config)).toEqual([
      { path: ['cases', 0, 'rule'], value: rule },
      { path: ['cases', 1, 'rule'], value: { var: 'input.vip' } },
    ]);
  });
});

describe('setAtPath', () => {
  const original = () => ({
    fields: { total: { var: 'input.total' }, queue: 'review' },
    headers: { Accept: 'application/json' },
    cases: [{ port: 'high', rule }, { port: 'low', rule: false }],
  });

  it('copies only the containers along the path and leaves the original untouched', () => {
    const root = original();
    const result = setAtPath(root, ['fields', 'total'], 740);
    expect(result).toEqual({ ...original(), fields: { total: 740, queue: 'review' } });
    expect(root).toEqual(original());
    expect(result).not.toBe(root);
    expect(at(result, ['fields'])).not.toBe(root.fields);
    expect(at(result, ['headers'])).toBe(root.headers);
    expect(at(result, ['cases'])).toBe(root.cases);
  });

  it('copies arrays along the path as arrays and shares the other items', () => {
    const root = original();
    const result = setAtPath(root, ['cases', 1, 'rule'], true);
    expect(root).toEqual(original());
    const cases = at(result, ['cases']);
    expect(Array.isArray(cases)).toBe(true);
    expect(cases).toEqual([{ port: 'high', rule }, { port: 'low', rule: true }]);
    expect(cases).not.toBe(root.cases);
    expect(at(result, ['cases', 0])).toBe(root.cases[0]);
    expect(at(result, ['cases', 1])).not.toBe(root.cases[1]);
    expect(at(result, ['fields'])).toBe(root.fields);
  });

  it('sets an array item at the top level', () => {
    const root = ['a', 'b', 'c'];
    expect(setAtPath(root, [1], 'B')).toEqual(['a', 'B', 'c']);
    expect(root).toEqual(['a', 'b', 'c']);
  });

  it('returns the value itself for the empty path', () => {
    const value = { replaced: true };
    expect(setAtPath(original(), [], value)).toBe(value);
  });
});
