import { describe, expect, it } from 'vitest';
import { formatPath } from '../../../runtime/definition/index.js';

describe('formatPath', () => {
  it('shows the root as $', () => {
    expect(formatPath([])).toBe('$');
  });

  it('joins keys with dots and shows indexes in brackets', () => {
    expect(formatPath(['name'])).toBe('name');
    expect(formatPath(['nodes', 2, 'config', 'rule'])).toBe('nodes[2].config.rule');
    expect(formatPath(['edges', 0])).toBe('edges[0]');
    expect(formatPath([0, 'id'])).toBe('[0].id');
    expect(formatPath(['cases', 1, 0])).toBe('cases[1][0]');
  });

  it('leaves keys with "_", "$" and "-" unquoted', () => {
    expect(formatPath(['headers', 'X-Tenant-Id'])).toBe('headers.X-Tenant-Id');
    expect(formatPath(['_meta', '$ref'])).toBe('_meta.$ref');
  });

  it('quotes keys that are not plain names', () => {
    expect(formatPath(['nodes', 3, 'config', 'fields', 'customer email'])).toBe('nodes[3].config.fields["customer email"]');
    expect(formatPath(['fields', 'customer.email'])).toBe('fields["customer.email"]');
    expect(formatPath(['fields', ''])).toBe('fields[""]');
    expect(formatPath(['total amount'])).toBe('["total amount"]');
  });

  it('tells a numeric key from an index', () => {
    expect(formatPath(['fields', '2'])).toBe('fields["2"]');
    expect(formatPath(['fields', 2])).toBe('fields[2]');
  });

  it('escapes quotes inside quoted keys', () => {
    expect(formatPath(['fields', 'say "hi"'])).toBe('fields["say \\"hi\\""]');
  });
});
