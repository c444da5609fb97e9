import { describe, expect, it } from 'vitest';
import { indexJson, parseFormattedPath } from '../../designer/src/editor/model/json-locate.js';
import { formatPath, type PathSegment } from '../../runtime/definition/index.js';

const text = JSON.stringify({ nodes: [{ id: 'a', config: { 'a.b': [1, { deep: 'x' }], url: 'https://e' } }], name: 'N' }, null, 2);

function slice(range: { start: number; end: number }): string {
  return text.slice(range.start, range.end);
}

describe('locating problems in JSON text', () => {
  it('finds values and their property names by path', () => {
    const index = indexJson(text);
    if (!index) throw new Error('not indexed');
    const url = index.locate(['nodes', 0, 'config', 'url']);
    expect(url.exact).toBe(true);
    expect(slice(url.value)).toBe('"https://e"');
    expect(url.key && slice(url.key)).toBe('"url"');
    expect(slice(index.locate(['nodes', 0, 'config', 'a.b', 1, 'deep']).value)).toBe('"x"');
    expect(slice(index.locate(['name']).value)).toBe('"N"');
  });

  it('falls back to the nearest existing part of a path that goes further than the text', () => {
    const index = indexJson(text);
    const missing = index?.locate(['nodes', 0, 'config', 'method']);
    expect(missing?.exact).toBe(false);
    expect(missing && missing.key && slice(missing.key)).toBe('"config"');
  });

  it('gives no index for text that is not JSON', () => {
    expect(indexJson('{"a": 1,}')).toBeUndefined();
    expect(indexJson('{"a": "open')).toBeUndefined();
    expect(indexJson('[1] 2')).toBeUndefined();
    expect(indexJson('['.repeat(100_000))).toBeUndefined();
  });

  it.each<[PathSegment[]]>([[[]], [['nodes', 2, 'config', 'rule']], [['nodes', 0, 'config', 'fields', 'customer.email']], [['a', 'with "quote"', 0, '_$x-y']]])(
    'reads back the formatted path of %j',
    (path) => {
      expect(parseFormattedPath(formatPath(path))).toEqual(path);
    },
  );
});
