/** Largest response body the node reads: 10 MiB. */
export const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/**
 * The response body's bytes, or undefined when it is larger than `limit` (then the rest is not
 * downloaded). Rejects like the body stream does, e.g. when the request's signal aborts.
 */
export async function readBody(response: Response, limit: number): Promise<Uint8Array | undefined> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > limit) {
    await response.body?.cancel();
    return undefined;
  }
  if (!response.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    const part: unknown = chunk;
    if (!(part instanceof Uint8Array)) throw new TypeError('the response body is not a byte stream');
    size += part.byteLength;
    // Leaving the loop early cancels the stream, so the rest is never downloaded.
    if (size > limit) return undefined;
    chunks.push(part);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Whether a Content-Type header says JSON (`application/json`, `application/problem+json`, ...). */
export function isJsonContentType(contentType: string | null): boolean {
  if (contentType === null) return false;
  const essence = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return essence === 'application/json' || essence === 'text/json' || /^application\/[^/]+\+json$/.test(essence);
}

/** Decodes bytes with the charset of the Content-Type, UTF-8 when it names none or one we do not know. */
export function decodeText(bytes: Uint8Array, contentType: string | null): string {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    // An unknown charset label: UTF-8 is the best guess for a web API.
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** Response headers as a plain object with lowercase names; repeated headers are joined with ", ". */
export function headersObject(headers: Headers): Record<string, string> {
  const entries = new Map<string, string>();
  headers.forEach((value, name) => {
    const previous = entries.get(name);
    entries.set(name, previous === undefined ? value : `${previous}, ${value}`);
  });
  return Object.fromEntries(entries);
}

/**
 * Milliseconds a `Retry-After` header asks to wait: delay-seconds or an HTTP date (relative to
 * `now`, never negative); undefined when absent or unreadable.
 */
export function retryAfterMs(header: string | null, now: Date): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now.getTime());
}

/**
 * Replaces every occurrence of the given secrets in the strings (and keys) of a JSON value.
 * Copies without recursion: the value is a remote server's response, as deep as it likes, and
 * its depth is judged later, with a clear message, when the step's output is checked.
 */
export function redact(value: unknown, secrets: readonly string[]): unknown {
  if (secrets.length === 0) return value;
  const scrub = (text: string): string =>
    secrets.reduce((result, secret) => result.split(secret).join('[redacted]'), text);
  const copyOf = (item: unknown): unknown => {
    if (typeof item === 'string') return scrub(item);
    if (Array.isArray(item)) return new Array<unknown>(item.length);
    return typeof item === 'object' && item !== null ? {} : item;
  };
  const root = copyOf(value);
  const stack: [object, object][] = typeof value === 'object' && value !== null ? [[value, root as object]] : [];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [source, target] = next;
    for (const [key, field] of Object.entries(source) as [string, unknown][]) {
      const copy = copyOf(field);
      if (Array.isArray(target)) target[Number(key)] = copy;
      // Defined, not assigned: a key "__proto__" stays a key, as Object.fromEntries would keep it.
      else Object.defineProperty(target, scrub(key), { value: copy, enumerable: true, writable: true, configurable: true });
      if (typeof field === 'object' && field !== null) stack.push([field, copy as object]);
    }
  }
  return root;
}
