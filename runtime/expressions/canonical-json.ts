/** What is left to write: a value, fixed text, or the end of a container (which leaves the open set). */
type Work =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'close'; readonly text: string; readonly container: object };

/**
 * JSON with object keys sorted, so equal documents always have equal text: what definition
 * hashes, audit digests and signed claims are computed over. The text is that of `JSON.stringify`
 * with a replacer that copies every object with its keys in sorted order, as it always was, so
 * existing hashes stay valid. A value too deep for `JSON.stringify`'s recursion (stored data may
 * predate today's limits) is written without recursion instead, to exactly the same text.
 */
export function canonicalJson(value: unknown): string {
  try {
    return JSON.stringify(value, sortedCopy);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return writeJson(value, true);
  }
}

/**
 * The text `JSON.stringify(value)` gives; a value too deep for its recursion (a draft stored
 * before today's limits) is written without recursion instead, to the same text.
 */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return writeJson(value, false);
  }
}

/** The replacer of canonical JSON: every object copied with its keys in sorted order. */
function sortedCopy(_key: string, field: unknown): unknown {
  if (typeof field !== 'object' || field === null || Array.isArray(field)) return field;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(field).sort()) sorted[key] = (field as Record<string, unknown>)[key];
  return sorted;
}

/** What `JSON.stringify` writes (with {@link sortedCopy} when `sortKeys`), without recursion. */
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

/** The fields in canonical order: read back from a sorted copy, as {@link sortedCopy} makes them. */
function sortedFields(record: Record<string, unknown>): [string, unknown][] {
  return ownFields(sortedCopy('', record) as Record<string, unknown>);
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
