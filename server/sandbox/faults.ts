import { z } from 'zod';

/** What `POST /_sandbox/faults` accepts. */
export const faultSpecSchema = z
  .strictObject({
    method: z
      .string()
      .regex(/^(\*|[A-Za-z]+)$/, 'must be an HTTP method or "*"')
      .transform((method) => method.toUpperCase())
      .default('*'),
    path: z.string().min(1).max(500).startsWith('/', 'must start with "/" (a glob over the request path, e.g. /shopify/**/orders.json)'),
    status: z.int().min(400).max(599).optional(),
    retryAfterSeconds: z.int().min(0).max(3600).optional(),
    latencyMs: z.int().min(0).max(60_000).optional(),
    times: z.int().min(1).max(1_000_000).optional(),
  })
  .refine((spec) => spec.status !== undefined || spec.latencyMs !== undefined, {
    message: 'a fault needs a status, a latencyMs or both',
    path: ['status'],
  })
  .refine((spec) => spec.retryAfterSeconds === undefined || spec.status !== undefined, {
    message: 'retryAfterSeconds goes with a status (429 or 503)',
    path: ['retryAfterSeconds'],
  });

/** How many faults may be armed at once. */
export const MAX_FAULTS = 100;

/** A fault as it was asked for. */
export type FaultSpec = z.infer<typeof faultSpecSchema>;

/** An armed fault. */
export interface Fault extends FaultSpec {
  readonly id: string;
  /** How many more requests it hits; `null` for every request until it is cleared. */
  remaining: number | null;
  /** How many requests it has hit. */
  hits: number;
}

/** What a request meets: a delay, then (optionally) a refusal instead of the real answer. */
export interface FaultHit {
  readonly fault: Fault;
  readonly latencyMs: number;
  /** The status to answer instead of handling the request. */
  readonly status?: number;
  /** `Retry-After` seconds: always on a 429 (1 unless given), on other statuses when given. */
  readonly retryAfterSeconds?: number;
}

/**
 * The faults armed on the sandbox. Each matches a method (or any) and a glob over the request
 * path (`*` within a segment, `**` across segments, `?` one character); the first armed fault
 * that matches applies, and one with `times` disarms itself after that many hits.
 */
export class FaultInjector {
  private faults: Fault[] = [];
  private nextId = 1;

  /** Arms a fault; undefined when {@link MAX_FAULTS} are armed already. */
  arm(spec: FaultSpec): Fault | undefined {
    if (this.faults.length >= MAX_FAULTS) return undefined;
    const fault: Fault = { ...spec, id: `fault-${this.nextId++}`, remaining: spec.times ?? null, hits: 0 };
    this.faults.push(fault);
    return fault;
  }

  list(): readonly Fault[] {
    return this.faults;
  }

  /** Disarms one fault; false when there is none with that id. */
  disarm(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((fault) => fault.id !== id);
    return this.faults.length < before;
  }

  clear(): void {
    this.faults = [];
  }

  /** The fault this request meets, counted as a hit; undefined when none matches. */
  take(method: string, path: string): FaultHit | undefined {
    const fault = this.faults.find((candidate) => (candidate.method === '*' || candidate.method === method) && globMatches(candidate.path, path));
    if (!fault) return undefined;
    fault.hits += 1;
    if (fault.remaining !== null) {
      fault.remaining -= 1;
      if (fault.remaining === 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
    }
    const retryAfterSeconds = fault.status === 429 ? (fault.retryAfterSeconds ?? 1) : fault.retryAfterSeconds;
    return { fault, latencyMs: fault.latencyMs ?? 0, status: fault.status, retryAfterSeconds };
  }
}

/** A glob's parts: literal characters, `?`, `*` (within a segment) and `**` (across segments). */
type GlobToken = { readonly kind: 'char'; readonly char: string } | { readonly kind: '?' | '*' | '**' };

function tokens(glob: string): GlobToken[] {
  const result: GlobToken[] = [];
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index] as string;
    if (char === '*' && glob[index + 1] === '*') {
      result.push({ kind: '**' });
      index++;
    } else if (char === '*') result.push({ kind: '*' });
    else if (char === '?') result.push({ kind: '?' });
    else result.push({ kind: 'char', char });
  }
  return result;
}

/**
 * Whether a path matches a glob: `**` any characters, `*` any within one segment, `?` one
 * character other than `/`. Dynamic programming over pattern and path, so a pattern full of stars
 * costs O(pattern × path) rather than a backtracking regular expression's exponential time.
 */
export function globMatches(glob: string, path: string): boolean {
  const pattern = tokens(glob);
  let previous = new Array<boolean>(path.length + 1).fill(false);
  previous[0] = true;
  for (const token of pattern) {
    const current = new Array<boolean>(path.length + 1).fill(false);
    if (token.kind === '*' || token.kind === '**') current[0] = previous[0] as boolean;
    for (let index = 1; index <= path.length; index++) {
      const char = path[index - 1] as string;
      if (token.kind === 'char') current[index] = (previous[index - 1] as boolean) && char === token.char;
      else if (token.kind === '?') current[index] = (previous[index - 1] as boolean) && char !== '/';
      else if (token.kind === '**') current[index] = (previous[index] as boolean) || (current[index - 1] as boolean);
      else current[index] = (previous[index] as boolean) || ((current[index - 1] as boolean) && char !== '/');
    }
    previous = current;
  }
  return previous[path.length] as boolean;
}
