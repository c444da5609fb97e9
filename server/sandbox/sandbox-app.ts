import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EffectRecorder } from './effect-recorder.js';
import type { FaultInjector } from './faults.js';
import type { ApiFamily, Reply, SandboxContext, SandboxRequest } from './http-types.js';
import type { IdempotencyCache } from './idempotency.js';
import { readBody, recordedBody } from './request-body.js';
import { RouteTable } from './route-table.js';
import { SandboxError } from './sandbox-error.js';

/** What the request pipeline works with. */
export interface SandboxAppParts {
  /** The imitated APIs, which faults, idempotency and effect records apply to. */
  readonly apis: readonly ApiFamily[];
  /** The sandbox's own endpoints (`/_sandbox/...`, the page): never faulted, never recorded. */
  readonly own: readonly ApiFamily[];
  readonly context: SandboxContext;
  readonly recorder: EffectRecorder;
  readonly faults: FaultInjector;
  readonly idempotency: IdempotencyCache;
  /** How a request matching no family is answered. */
  readonly fallback: ApiFamily;
}

/** Headers on every answer: nothing the sandbox says is cached, sniffed or framed. */
const BASE_HEADERS: Record<string, string> = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};

/** Host names the sandbox answers to: it listens on loopback only, and a foreign name is a DNS-rebinding attempt. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The request pipeline: Host check, body, family by path prefix, injected fault (delay, then
 * perhaps a refusal), route, authentication, idempotent replay, the route itself, and the records
 * (every call; every 2xx of a mutating route as an effect, kept for replays of its key).
 */
export function sandboxHandler(parts: SandboxAppParts): (req: IncomingMessage, res: ServerResponse) => void {
  const tables = new Map<ApiFamily, RouteTable>([...parts.apis, ...parts.own, parts.fallback].map((family) => [family, new RouteTable(family.routes)]));
  return (req, res) => {
    handle(parts, tables, req)
      .then((answer) => send(res, answer))
      .catch((error: unknown) => {
        console.error('sandbox: unexpected failure', error);
        send(res, { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'sandbox failure' });
      });
  };
}

async function handle(parts: SandboxAppParts, tables: Map<ApiFamily, RouteTable>, req: IncomingMessage): Promise<Reply> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const family = [...parts.apis, ...parts.own].find((candidate) => url.pathname.startsWith(candidate.prefix)) ?? parts.fallback;
  const isApi = parts.apis.includes(family);
  // Every call is listed with the key it carried, faults included, so a retry shows as the same key.
  const sentKey = idempotencyKey(req);
  const call = (status: number, extra: { replayed?: boolean; faultId?: string } = {}) => {
    if (isApi) parts.recorder.call({ system: family.system, method, path: `${url.pathname}${url.search}`, status, idempotencyKey: sentKey, replayed: extra.replayed ?? false, faultId: extra.faultId ?? null });
  };
  const refuse = (error: SandboxError, extraHeaders: Record<string, string> = {}): Reply => {
    const reply = family.error(error);
    return { ...reply, headers: { ...family.headers, ...reply.headers, ...extraHeaders } };
  };
  const host = hostName(req.headers.host);
  if (!LOOPBACK_HOSTS.has(host)) return refuse(new SandboxError(400, `the sandbox answers only on loopback addresses, not on host "${host}"`));
  let body: Buffer;
  try {
    body = await readBody(req);
  } catch (error) {
    if (error instanceof SandboxError) return refuse(error);
    throw error;
  }
  const hit = isApi ? parts.faults.take(method, url.pathname) : undefined;
  if (hit && hit.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, hit.latencyMs));
  if (hit?.status !== undefined) {
    const headers: Record<string, string> = { 'x-sandbox-fault': hit.fault.id };
    if (hit.retryAfterSeconds !== undefined) headers['retry-after'] = String(hit.retryAfterSeconds);
    if (hit.status === 429) Object.assign(headers, family.throttleHeaders?.(hit.retryAfterSeconds ?? 1));
    call(hit.status, { faultId: hit.fault.id });
    return refuse(new SandboxError(hit.status, faultMessage(hit.status)), headers);
  }
  const faultHeader: Record<string, string> = hit ? { 'x-sandbox-fault': hit.fault.id, 'x-sandbox-latency-ms': String(hit.latencyMs) } : {};
  const match = tables.get(family)?.match(method, url.pathname) ?? { kind: 'none' as const };
  if (match.kind !== 'found') {
    const reply =
      match.kind === 'method'
        ? refuse(new SandboxError(405, `${method} is not allowed here; use ${match.allowed.join(' or ')}`), { allow: match.allowed.join(', ') })
        : refuse(new SandboxError(match.kind === 'malformed' ? 400 : 404, match.kind === 'malformed' ? 'the path is not validly percent-encoded' : `no ${family.system} endpoint at ${method} ${url.pathname}`));
    call(reply.status);
    return reply;
  }
  const request: SandboxRequest = { method, path: url.pathname, query: url.searchParams, headers: req.headers, body, params: match.params };
  const key = match.route.effect ? sentKey : null;
  try {
    if (!match.route.anonymous) family.authenticate?.(request, parts.context);
    const scope = `${family.system} ${method} ${url.pathname}`;
    if (key !== null) {
      const kept = parts.idempotency.lookup(scope, key, body);
      if (kept.kind === 'replay') {
        call(kept.reply.status, { replayed: true });
        return { ...kept.reply, headers: { ...kept.reply.headers, 'idempotent-replayed': 'true', ...faultHeader } };
      }
      if (kept.kind === 'mismatch') throw new SandboxError(422, `Idempotency-Key "${key}" was already used on this endpoint with a different request body`, 'idempotency_key');
    }
    const answer = match.route.handle(request, parts.context);
    const reply: Reply = { ...answer, headers: { ...family.headers, ...answer.headers, ...faultHeader } };
    if (match.route.effect && reply.status >= 200 && reply.status < 300) {
      parts.recorder.effect({ system: family.system, kind: match.route.effect, method, path: url.pathname, status: reply.status, idempotencyKey: key, body: recordedBody(request), detail: reply.detail ?? {} });
      if (key !== null) parts.idempotency.keep(scope, key, body, reply);
    }
    call(reply.status);
    return reply;
  } catch (error) {
    if (!(error instanceof SandboxError)) throw error;
    const reply = refuse(error, faultHeader);
    call(reply.status);
    return reply;
  }
}

/** The `Idempotency-Key` of a request (the first one, when repeated). */
function idempotencyKey(req: IncomingMessage): string | null {
  const value = req.headers['idempotency-key'];
  const key = Array.isArray(value) ? value[0] : value;
  return key === undefined || key === '' ? null : key;
}

function hostName(host: string | undefined): string {
  if (host === undefined) return '';
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? '');
}

function faultMessage(status: number): string {
  if (status === 429) return 'Too many requests: the rate limit is exhausted (an injected sandbox fault). Retry after the Retry-After delay.';
  if (status === 503) return 'Service unavailable (an injected sandbox fault)';
  if (status >= 500) return `Internal server error ${status} (an injected sandbox fault)`;
  return `Request refused with ${status} (an injected sandbox fault)`;
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent) return;
  const headers: Record<string, string | number> = { ...BASE_HEADERS, ...reply.headers };
  if (reply.status === 204) {
    res.writeHead(204, headers);
    res.end();
    return;
  }
  headers['content-length'] = Buffer.byteLength(reply.body);
  res.writeHead(reply.status, headers);
  res.end(reply.body);
}
