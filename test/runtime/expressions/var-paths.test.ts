import { describe, expect, it } from 'vitest';
import { collectVarPaths } from '../../../runtime/expressions/index.js';

function sortedPaths(rule: unknown): string[] {
  return collectVarPaths(rule).sort();
}

describe('collectVarPaths', () => {
  it('lists the literal paths read with var, in any operator position', () => {
    const rule = {
      and: [
        { '>': [{ var: 'input.total' }, { var: ['params.limit', 100] }] },
        { in: [{ var: 'nodes.lookup.country' }, ['DE', 'FR']] },
        { map: [{ var: 'item.lines' }, { var: 'sku' }] },
      ],
    };
    expect(sortedPaths(rule)).toEqual(['input.total', 'item.lines', 'nodes.lookup.country', 'params.limit', 'sku']);
  });

  it('gives numeric paths as strings and keeps the empty path', () => {
    expect(sortedPaths([{ var: 1 }, { var: [0, 'none'] }, { var: '' }])).toEqual(['', '0', '1']);
  });

  it('skips computed paths but lists the var inside them and inside defaults', () => {
    const computed = { var: { cat: ['input.', { var: 'params.field' }] } };
    expect(sortedPaths(computed)).toEqual(['params.field']);
    expect(sortedPaths({ var: ['input.name', { var: 'params.defaultName' }] })).toEqual(['input.name', 'params.defaultName']);
  });

  it('does not look inside literal objects, which json-logic returns without evaluating', () => {
    expect(collectVarPaths({ a: { var: 'input.secret' }, b: 1 })).toEqual([]);
  });

  it('lists only var, not the keys of missing and missing_some', () => {
    expect(collectVarPaths({ missing: ['input.a'] })).toEqual([]);
    expect(collectVarPaths({ missing_some: [1, ['input.a', 'input.b']] })).toEqual([]);
  });

  it('finds nothing in literals', () => {
    for (const literal of [null, 1, 'input.total', true, [], [1, 'a']]) expect(collectVarPaths(literal)).toEqual([]);
  });

  it('walks a rule nested 20,000 levels deep without overflowing the stack', () => {
    let rule: unknown = { var: 'input.deep' };
    for (let level = 0; level < 20_000; level++) rule = level % 2 === 0 ? { '!': rule } : [rule];
    expect(collectVarPaths(rule)).toEqual(['input.deep']);
  });

  it('walks arrays of any length, in a rule and in var arguments, without spreading them into a call', () => {
    const items = Array.from({ length: 300_000 }, (_, index) => (index === 299_999 ? { var: 'input.last' } : 1));
    expect(collectVarPaths({ merge: [items] })).toEqual(['input.last']);
    expect(collectVarPaths({ var: ['input.first', ...items] })).toEqual(['input.first', 'input.last']);
  });
});
