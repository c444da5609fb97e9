import { documentProblem } from './openapi-error.js';

/** How many `$ref`s may be followed inside one another before the document is refused. */
export const MAX_REF_DEPTH = 32;
/** Values an operation may expand to once its references are inlined (guards against blow-up). */
export const MAX_EXPANDED_VALUES = 100_000;
/** Marks where a schema refers to itself: the recursion is cut there and the value is left free. */
export const RECURSIVE_MARK = 'x-flowgate-recursive';

/** Keys whose values are sample data, not the document's structure: copied without resolving. */
const LITERAL_KEYS = new Set(['example', 'examples', 'default', 'enum', 'const']);

/**
 * Inlines the local `$ref`s (`#/components/...`) of parts of one OpenAPI document. Refuses remote
 * references (another file or URL: nothing is fetched), references to nothing, chains deeper than
 * {@link MAX_REF_DEPTH} and expansions larger than {@link MAX_EXPANDED_VALUES}; a schema that
 * refers to itself is cut at the repetition and marked with {@link RECURSIVE_MARK}. Every error
 * names the place in the document.
 */
export class RefResolver {
  private budget = MAX_EXPANDED_VALUES;

  constructor(private readonly document: Record<string, unknown>) {}

  /** `value` (found at `path`) with every reference in it inlined; a fresh copy. */
  resolve(value: unknown, path: readonly (string | number)[]): unknown {
    this.budget = MAX_EXPANDED_VALUES;
    return this.copy(value, [...path], []);
  }

  private copy(value: unknown, path: (string | number)[], refs: readonly string[]): unknown {
    if (--this.budget < 0) throw documentProblem(path, `its references expand to more than ${MAX_EXPANDED_VALUES} values`);
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return value.map((item, index) => this.copy(item, [...path, index], refs));
    const object = value as Record<string, unknown>;
    if (typeof object.$ref === 'string') return this.follow(object, path, refs);
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(object)) {
      define(out, key, LITERAL_KEYS.has(key) ? structuredClone(field) : this.copy(field, [...path, key], refs));
    }
    return out;
  }

  private follow(object: Record<string, unknown>, path: (string | number)[], refs: readonly string[]): unknown {
    const ref = object.$ref as string;
    if (!ref.startsWith('#')) {
      throw documentProblem([...path, '$ref'], `"${ref}" refers to another document; only references inside the document (#/components/...) are supported`);
    }
    if (refs.includes(ref)) return { [RECURSIVE_MARK]: ref, description: `refers to itself (${ref})` };
    if (refs.length >= MAX_REF_DEPTH) throw documentProblem([...path, '$ref'], `references are nested more than ${MAX_REF_DEPTH} deep`);
    const { found, target } = lookUp(this.document, ref);
    if (!found) throw documentProblem([...path, '$ref'], `"${ref}" refers to nothing in the document`);
    const resolved = this.copy(target, refPath(ref), [...refs, ref]);
    // OpenAPI 3.1 lets a reference carry a summary or description that overrides the target's.
    const siblings = Object.entries(object).filter(([key]) => key !== '$ref');
    if (siblings.length === 0 || typeof resolved !== 'object' || resolved === null || Array.isArray(resolved)) return resolved;
    const merged = { ...(resolved as Record<string, unknown>) };
    for (const [key, field] of siblings) define(merged, key, this.copy(field, [...path, key], refs));
    return merged;
  }
}

/** A key defined, not assigned, so `__proto__` in a document stays a plain key. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function refPath(ref: string): string[] {
  const body = ref.slice(1).replace(/^\//, '');
  return body === '' ? [] : body.split('/').map((segment) => decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~'));
}

function lookUp(document: unknown, ref: string): { found: boolean; target: unknown } {
  let current = document;
  for (const segment of refPath(ref)) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) return { found: false, target: undefined };
    current = (current as Record<string, unknown>)[segment];
  }
  return { found: true, target: current };
}
