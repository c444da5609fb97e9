import type { PathSegment } from '../../../../runtime/definition/index.js';

/** Where a value sits in JSON text: character offsets, end exclusive. */
export interface JsonRange {
  readonly start: number;
  readonly end: number;
}

/** A value's place in the text, and its property name's place when it is an object member. */
interface Located {
  readonly value: JsonRange;
  readonly key?: JsonRange;
  /** Members by key, or items by index. */
  readonly children?: Map<string | number, Located>;
}

/** Where the value at a path is, or the deepest part of the path that exists. */
export interface JsonLocation {
  /** The whole value (object, array, string...). */
  readonly value: JsonRange;
  /** The property name, when the value is an object member. */
  readonly key?: JsonRange;
  /** False when the path goes further than the text (a missing field): this is the nearest ancestor. */
  readonly exact: boolean;
}

/**
 * Indexes JSON text by path, so problems found on the parsed value (`nodes[3].config.url`) can be
 * marked where they are in the text. Returns undefined when the text is not JSON.
 */
export function indexJson(text: string): JsonIndex | undefined {
  try {
    const scanner = new Scanner(text);
    const root = scanner.value();
    scanner.end();
    return new JsonIndex(root);
  } catch (error) {
    // A RangeError is nesting deeper than the stack: no index then, as for text that is not JSON.
    if (error instanceof SyntaxError || error instanceof RangeError) return undefined;
    throw error;
  }
}

/** JSON text indexed by path (see {@link indexJson}). */
export class JsonIndex {
  constructor(private readonly root: Located) {}

  /** The value at `path`, or its nearest existing ancestor. */
  locate(path: readonly PathSegment[]): JsonLocation {
    let current = this.root;
    for (const segment of path) {
      const child = current.children?.get(segment) ?? current.children?.get(String(segment));
      if (!child) return { value: current.value, ...(current.key ? { key: current.key } : {}), exact: false };
      current = child;
    }
    return { value: current.value, ...(current.key ? { key: current.key } : {}), exact: true };
  }
}

/** A JSON scanner that records where values are (values themselves come from JSON.parse). */
class Scanner {
  private position = 0;

  constructor(private readonly text: string) {}

  value(): Located {
    this.skipSpace();
    const start = this.position;
    const char = this.text[this.position];
    if (char === '{') return this.object(start);
    if (char === '[') return this.array(start);
    if (char === '"') {
      this.string();
      return { value: { start, end: this.position } };
    }
    const match = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(this.text.slice(start, start + 400));
    if (!match) throw new SyntaxError(`unexpected character at ${start}`);
    this.position += match[0].length;
    return { value: { start, end: this.position } };
  }

  end(): void {
    this.skipSpace();
    if (this.position !== this.text.length) throw new SyntaxError(`unexpected text at ${this.position}`);
  }

  private object(start: number): Located {
    const children = new Map<string | number, Located>();
    this.position++;
    this.skipSpace();
    if (this.text[this.position] === '}') {
      this.position++;
      return { value: { start, end: this.position }, children };
    }
    for (;;) {
      this.skipSpace();
      const keyStart = this.position;
      if (this.text[this.position] !== '"') throw new SyntaxError(`expected a property name at ${keyStart}`);
      const key = JSON.parse(this.string()) as string;
      const keyRange = { start: keyStart, end: this.position };
      this.expect(':');
      const child = this.value();
      children.set(key, { ...child, key: keyRange });
      this.skipSpace();
      if (this.text[this.position] === ',') {
        this.position++;
        continue;
      }
      this.expect('}');
      return { value: { start, end: this.position }, children };
    }
  }

  private array(start: number): Located {
    const children = new Map<string | number, Located>();
    this.position++;
    this.skipSpace();
    if (this.text[this.position] === ']') {
      this.position++;
      return { value: { start, end: this.position }, children };
    }
    for (let index = 0; ; index++) {
      children.set(index, this.value());
      this.skipSpace();
      if (this.text[this.position] === ',') {
        this.position++;
        continue;
      }
      this.expect(']');
      return { value: { start, end: this.position }, children };
    }
  }

  /** Skips a string literal and returns its source text (quotes included). */
  private string(): string {
    const start = this.position;
    this.position++;
    while (this.position < this.text.length) {
      const char = this.text[this.position];
      if (char === '\\') this.position += 2;
      else if (char === '"') {
        this.position++;
        return this.text.slice(start, this.position);
      } else this.position++;
    }
    throw new SyntaxError(`unterminated string at ${start}`);
  }

  private expect(char: string): void {
    this.skipSpace();
    if (this.text[this.position] !== char) throw new SyntaxError(`expected "${char}" at ${this.position}`);
    this.position++;
  }

  private skipSpace(): void {
    while (/\s/.test(this.text[this.position] ?? '')) this.position++;
  }
}

/**
 * Reads a path formatted by `formatPath` (`nodes[2].config["a.b"]`) back into its segments; `$`
 * is the root.
 */
export function parseFormattedPath(text: string): PathSegment[] {
  if (text === '$') return [];
  const segments: PathSegment[] = [];
  const token = /(?:^|\.)([A-Za-z_$][A-Za-z0-9_$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  while (token.lastIndex < text.length) {
    const start = token.lastIndex;
    const match = token.exec(text);
    if (!match || match.index !== start) throw new Error(`"${text}" is not a formatted path`);
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(JSON.parse(match[3] as string) as string);
  }
  return segments;
}
