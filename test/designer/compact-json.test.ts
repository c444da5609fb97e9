import { describe, expect, it } from 'vitest';
import { compactJson } from '../../designer/src/editor/model/compact-json.js';

describe('compact JSON for narrow editors', () => {
  it('keeps short rules on one line and spreads long ones', () => {
    expect(compactJson({ var: 'input.total' })).toBe('{"var": "input.total"}');
    const rule = { cat: ['Release order ', { var: 'input.orderId' }, ' (', { var: 'input.total' }, ' EUR)'] };
    expect(compactJson(rule)).toBe(['{', '  "cat": [', '    "Release order ",', '    {"var": "input.orderId"},', '    " (",', '    {"var": "input.total"},', '    " EUR)"', '  ]', '}'].join('\n'));
  });

  it('writes the same value as JSON.stringify', () => {
    const value = { and: [{ '>': [{ var: 'a' }, 1] }, { in: ['x', [1, 2, null, true, 'long string here to force wrapping']] }], empty: {}, list: [] };
    expect(JSON.parse(compactJson(value, 20))).toEqual(value);
    expect(compactJson('text')).toBe('"text"');
    expect(compactJson([])).toBe('[]');
  });
});
