import { describe, expect, it } from 'vitest';
import { moveItem, removeItem, removeKey, renameKey, updateAt } from '../../designer/src/editor/model/field-values.js';
import { expressionModes, initialExpressionMode } from '../../designer/src/editor/model/expression-modes.js';
import { describeForm, flattenFields, type FieldDescriptor } from '../../designer/src/editor/model/form-fields.js';
import { nodeCatalog } from '../../nodes/catalog.js';

describe('writing form values', () => {
  it('copies only along the path, creating containers and removing cleared fields', () => {
    const root = { a: { b: 1 }, keep: { x: 1 } };
    const next = updateAt(root, ['a', 'c'], 2) as typeof root & { a: { c: number } };
    expect(next).toEqual({ a: { b: 1, c: 2 }, keep: { x: 1 } });
    expect(next.keep).toBe(root.keep);
    expect(root).toEqual({ a: { b: 1 }, keep: { x: 1 } });
    expect(updateAt({ a: 1, b: 2 }, ['a'], undefined)).toEqual({ b: 2 });
    expect(updateAt(undefined, ['retry', 'maxAttempts'], 3)).toEqual({ retry: { maxAttempts: 3 } });
    expect(updateAt({ list: ['x', 'y'] }, ['list', 1], 'z')).toEqual({ list: ['x', 'z'] });
    expect(updateAt(undefined, [0, 'a'], 1)).toEqual([{ a: 1 }]);
  });

  it('writes a key named __proto__ as an own member, never as the prototype', () => {
    const next = updateAt({}, ['__proto__'], { polluted: true }) as Record<string, unknown>;
    expect(Object.hasOwn(next, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(next)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reorders, removes and renames list items and map entries', () => {
    expect(moveItem(['a', 'b', 'c'], 0, 2)).toEqual(['b', 'c', 'a']);
    expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'c', 'b']);
    expect(removeItem(['a', 'b', 'c'], 1)).toEqual(['a', 'c']);
    expect(Object.keys(renameKey({ a: 1, b: 2, c: 3 }, 'b', 'x'))).toEqual(['a', 'x', 'c']);
    expect(renameKey({ a: 1, b: 2 }, 'a', 'b')).toEqual({ a: 1, b: 2 });
    expect(removeKey({ a: 1, b: 2 }, 'a')).toEqual({ b: 2 });
  });
});

describe('expression fields open in the mode that shows their value', () => {
  function expressionField(type: string, path: string, config: Record<string, unknown>): Extract<FieldDescriptor, { kind: 'expression' }> {
    const spec = nodeCatalog.latest(type);
    const found = spec && flattenFields(describeForm(spec.config, config, ['config'])).find((field) => field.id === path);
    if (found?.kind !== 'expression') throw new Error(`${path} is not an expression`);
    return found;
  }

  it('offers a plain value for scalar fields and the builder for conditions', () => {
    expect(expressionModes(expressionField('connector.http', 'config.url', {}))).toEqual(['literal', 'raw']);
    expect(expressionModes(expressionField('logic.condition', 'config.rule', {}))).toEqual(['builder', 'raw']);
  });

  it('offers plain text (no JSON quotes) first where any JSON is taken, but not for conditions and switch rules', () => {
    const transform = expressionField('data.transform', 'config.fields.label', { fields: { label: '' } });
    expect(expressionModes(transform)).toEqual(['literal', 'builder', 'raw']);
    expect(transform.literal).toMatchObject({ kind: 'text', stringsOnly: true });
    expect(expressionModes(expressionField('flow.respond', 'config.body', {}))).toEqual(['literal', 'builder', 'raw']);
    expect(expressionModes(expressionField('logic.switch', 'config.cases[0].rule', { cases: [{ port: 'a', rule: true }] }))).toEqual(['builder', 'raw']);
  });

  it.each([
    ['an empty URL', 'connector.http', 'config.url', {}, 'literal'],
    ['a literal URL', 'connector.http', 'config.url', { url: 'https://x' }, 'literal'],
    ['a computed URL', 'connector.http', 'config.url', { url: { cat: ['https://x/', { var: 'input.id' }] } }, 'raw'],
    ['an empty condition', 'logic.condition', 'config.rule', {}, 'builder'],
    ['a condition the builder shows', 'logic.condition', 'config.rule', { rule: { '>': [{ var: 'input.total' }, 5] } }, 'builder'],
    ['a condition it cannot show', 'logic.condition', 'config.rule', { rule: { '>': [{ '+': [1, 2] }, 5] } }, 'raw'],
    ['a literal true', 'logic.condition', 'config.rule', { rule: true }, 'raw'],
    ['a new transform field', 'data.transform', 'config.fields.label', { fields: { label: '' } }, 'literal'],
    ['a transform field holding text', 'data.transform', 'config.fields.label', { fields: { label: 'Priority order' } }, 'literal'],
    ['a transform field holding a number (text would make it a string)', 'data.transform', 'config.fields.label', { fields: { label: 42 } }, 'raw'],
    ['a transform field holding a comparison', 'data.transform', 'config.fields.label', { fields: { label: { '>': [{ var: 'input.total' }, 500] } } }, 'builder'],
    ['a transform field holding a data path', 'data.transform', 'config.fields.label', { fields: { label: { var: 'input.total' } } }, 'raw'],
  ])('opens %s in %s mode', (_name, type, path, config, mode) => {
    expect(initialExpressionMode(expressionField(type, path, config))).toBe(mode);
  });
});
