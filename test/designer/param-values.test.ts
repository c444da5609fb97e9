import { describe, expect, it } from 'vitest';
import { entriesFrom, initialEntries, paramValues } from '../../designer/src/shared/params/param-values.js';
import type { WorkflowParam } from '../../runtime/definition/index.js';

const params: WorkflowParam[] = [
  { name: 'region', type: 'string', enum: ['eu', 'us'], default: 'eu' },
  { name: 'limit', type: 'number', required: true },
  { name: 'dryRun', type: 'boolean', default: true },
  { name: 'filter', type: 'json' },
  { name: 'level', type: 'number', enum: [1, 2] },
];

describe('the parameter form', () => {
  it('starts from each default, empty otherwise', () => {
    expect(initialEntries(params)).toEqual({ region: 'eu', limit: '', dryRun: true, filter: '', level: '' });
    expect(entriesFrom(params, { limit: 5, filter: { a: 1 }, gone: 1 })).toMatchObject({ limit: '5', filter: '{\n  "a": 1\n}' });
  });

  it('gives typed params, leaving empty optional ones to their defaults', () => {
    expect(paramValues(params, { region: 'us', limit: '12.5', dryRun: false, filter: '{"sku":"A"}', level: '2' })).toEqual({
      ok: true,
      values: { region: 'us', limit: 12.5, dryRun: false, filter: { sku: 'A' }, level: 2 },
    });
    expect(paramValues(params, { region: '', limit: '3', dryRun: true, filter: '', level: '' })).toEqual({ ok: true, values: { limit: 3, dryRun: true } });
  });

  it('says what is wrong with each field, as the server would', () => {
    expect(paramValues(params, { region: 'apac', limit: '', dryRun: false, filter: '{oops', level: '3' })).toEqual({
      ok: false,
      errors: { region: 'must be one of eu, us', limit: 'is required', filter: 'must be valid JSON', level: 'must be one of 1, 2' },
    });
    expect(paramValues(params, { limit: 'ten' })).toMatchObject({ ok: false, errors: { limit: 'must be a number' } });
  });
});
