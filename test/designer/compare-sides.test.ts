import { describe, expect, it } from 'vitest';
import { comparePath, defaultSides, parseSide, sideLabel } from '../../designer/src/versions/model/compare-sides.js';

const list = (statuses: string[], activeVersion: number | null) => ({ versions: statuses.map((status, index) => ({ version: index + 1, status })), activeVersion });

describe('compare sides', () => {
  it('reads and writes sides in the address, refusing anything else', () => {
    expect(parseSide('3')).toBe(3);
    expect(parseSide('draft')).toBe('draft');
    expect(parseSide('none')).toBe('none');
    for (const bad of ['0', '-1', '1.5', 'latest', '', null]) expect(parseSide(bad)).toBeUndefined();
    expect(comparePath('wf 1', 1, 'draft')).toBe('workflows/wf%201/compare?from=1&to=draft');
    expect(sideLabel('none')).toBe('nothing (an empty workflow)');
  });

  it('compares what awaits sign-off with what is live', () => {
    expect(defaultSides(list(['approved', 'pending', 'rejected'], 1), {})).toEqual({ from: 1, to: 2 });
    expect(defaultSides(list(['approved', 'approved'], 2), {})).toEqual({ from: 1, to: 2 });
    expect(defaultSides(list(['pending'], null), {})).toEqual({ from: 'none', to: 1 });
    expect(defaultSides(list([], null), {})).toEqual({ from: 'none', to: 'draft' });
    expect(defaultSides(list(['approved', 'approved'], 1), { to: 'draft' })).toEqual({ from: 1, to: 'draft' });
    expect(defaultSides(list(['approved', 'approved'], 1), { to: 1 })).toEqual({ from: 'none', to: 1 });
    expect(defaultSides(list(['approved', 'approved'], 1), { from: 2, to: 1 })).toEqual({ from: 2, to: 1 });
  });
});
