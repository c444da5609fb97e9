/** What is left to write: a value, fixed text, or the end of a container (which leaves the open set). */
type Work =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'close'; readonly text: string; readonly container: object };

/**
 * JSON with object keys sorted, so equal documents always have equal text: what definition
 * hashes, audit digests and signed claims are computed over. Written without recursion, so a
 * value of any depth gets its text instead of a stack overflow (hashing runs on stored data that
 * may predate today's limits). The text is exactly that of `JSON.stringify` with a replacer that
 * copies every object with its keys in sorted order, as earlier versions computed it, so existing
 * hashes stay valid.
 */
export function canonicalJson(value: unknown): string {
  return writeJson(value, true);
}

/**
 * The text `JSON.stringify(value)` gives, written without recursion: for values deeper than
 * `JSON.stringify` can go (stored before today's limits), which must still be answered.
 */
export function jsonText(value: unknown): string {
  return writeJson(value, false);
}

function writeJson(value: unknown, sortKeys: boolean): string {
  const parts: string[] = [];
  const open = new Set<object>();
  const top = jsonValueOf(value, '');
  const work: Work[] = [{ kind: 'value', value: omitted(top) ? null : top }];
  while (work.length > 0) {
    const item = work.pop() as Work;
    if (item.kind !== 'value') {
      parts.push(item.text);
      if (item.kind === 'close') open.delete(item.container);
      continue;
    }
    const current = item.value;
    if (typeof current !== 'object' || current === null) {
      parts.push(JSON.stringify(current));
      continue;
    }
    if (open.has(current)) throw new TypeError('Converting circular structure to JSON');
    open.add(current);
    work.push({ kind: 'close', text: Array.isArray(current) ? ']' : '}', container: current });
    if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--) {
        const element = jsonValueOf((current as unknown[])[index], String(index));
        work.push({ kind: 'value', value: omitted(element) ? null : element });
        if (index > 0) work.push({ kind: 'text', text: ',' });
      }
      parts.push('[');
    } else {
      const fields = sortKeys ? sortedFields(current as Record<string, unknown>) : ownFields(current as Record<string, unknown>);
      for (let index = fields.length - 1; index >= 0; index--) {
        const [key, field] = fields[index] as [string, unknown];
        work.push({ kind: 'value', value: field });
        work.push({ kind: 'text', text: `${index > 0 ? ',' : ''}${JSON.stringify(key)}:` });
      }
      parts.push('{');
    }
  }
  return parts.join('');
}

/**
 * The fields a canonical text writes, in canonical order. The keys are sorted into a fresh object
 * and read back from it, as the replacer of earlier versions did: integer-like keys come first in
 * numeric order, as JavaScript enumerates them, then the others sorted.
 */
function sortedFields(record: Record<string, unknown>): [string, unknown][] {
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) sorted[key] = record[key];
  return ownFields(sorted);
}

/** The fields JSON writes, in the object's own order. */
function ownFields(record: Record<string, unknown>): [string, unknown][] {
  const fields: [string, unknown][] = [];
  for (const key of Object.keys(record)) {
    const field = jsonValueOf(record[key], key);
    if (!omitted(field)) fields.push([key, field]);
  }
  return fields;
}

/** A value as JSON sees it: objects with a `toJSON` method (dates) are replaced by its result. */
function jsonValueOf(value: unknown, key: string): unknown {
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return (value as { toJSON: (key: string) => unknown }).toJSON(key);
  }
  return value;
}

/** Values JSON leaves out of objects and writes as `null` in arrays. */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}
