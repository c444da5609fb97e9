import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NodeExecutionError, type HttpClient } from '../../runtime/definition/index.js';
import { EgressGuard } from '../../runtime/egress/index.js';
import { execute } from '../../nodes/connector.http/execute.js';
import { spec } from '../../nodes/connector.http/spec.js';
import { FAKE_NOW, fakeContext, thrownBy, type FakeContextOptions } from './fake-context.js';

/** What the server saw of one request. */
interface Received {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

const TOKEN = 'tok-SECRET-123';
const PASSWORD = 'pw-SECRET-456';
const API_KEY = 'key-SECRET-789';
const QUERY_KEY = 'q-SECRET-000';
const WRONG_TOKEN = 'tok-SECRET-WRONG';
const ALL_SECRETS = [TOKEN, PASSWORD, API_KEY, QUERY_KEY, Buffer.from(`shop:${PASSWORD}`).toString('base64')];

const SECRETS = {
  bearer: { type: 'bearer', token: TOKEN },
  basic: { type: 'basic', username: 'shop', password: PASSWORD },
  header: { type: 'header', name: 'X-Api-Key', value: API_KEY },
  query: { type: 'query', name: 'api_key', value: QUERY_KEY },
  wrong: { type: 'bearer', token: WRONG_TOKEN },
};

const received: Received[] = [];
let server: Server;
let base = '';
/** The egress guard's client, with this file's server on the deployment allow-list. */
let http: HttpClient;

/** A small API: echo, text, statuses, a slow endpoint and an endpoint that checks credentials. */
function handle(request: Received): { status: number; headers?: Record<string, string>; body: string } | 'hang' | 'stall' {
  const json = (status: number, value: unknown, headers: Record<string, string> = {}) => ({
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(value),
  });
  switch (request.path) {
    case '/echo':
      return json(200, {
        method: request.method,
        query: request.query,
        contentType: request.headers['content-type'] ?? null,
        idempotencyKey: request.headers['idempotency-key'] ?? null,
        body: request.body,
      });
    case '/text':
      return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'plain hello' };
    case '/json-as-text':
      return { status: 200, headers: { 'content-type': 'text/plain' }, body: '{"n":1}' };
    case '/missing':
      return json(404, { error: 'not found' });
    case '/broken':
      return { status: 500, headers: { 'content-type': 'text/html' }, body: '<h1>Internal error</h1>' };
    case '/busy':
      return json(429, { error: 'slow down' }, { 'retry-after': '7' });
    case '/busy-until':
      return json(503, { error: 'maintenance' }, { 'retry-after': new Date(FAKE_NOW.getTime() + 120_000).toUTCString() });
    case '/protected': {
      const auth = request.headers.authorization;
      const ok =
        auth === `Bearer ${TOKEN}` ||
        auth === `Basic ${Buffer.from(`shop:${PASSWORD}`).toString('base64')}` ||
        request.headers['x-api-key'] === API_KEY ||
        request.query.api_key === QUERY_KEY;
      return ok ? json(200, { authorized: true }) : json(401, { error: 'unauthorized' });
    }
    case '/slow':
      return 'hang';
    case '/stalled-body':
      return 'stall';
    default:
      return json(404, { error: 'no such route' });
  }
}

function portOf(listening: Server): number {
  const address = listening.address();
  if (address === null || typeof address === 'string') throw new Error('the test server is not listening on TCP');
  return address.port;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const request: Received = {
        method: req.method ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(request);
      const answer = handle(request);
      if (answer === 'hang') return;
      if (answer === 'stall') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"items": [');
        return;
      }
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${portOf(server)}`;
  http = new EgressGuard({ allow: [`127.0.0.1:${portOf(server)}`] }).forTenant('test');
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
});

beforeEach(() => {
  received.length = 0;
});

async function call(config: Record<string, unknown>, options: FakeContextOptions = {}) {
  const ctx = fakeContext({ http, secrets: SECRETS, ...options });
  return (await execute(ctx, spec.config.parse(config), null)).output;
}

async function failure(config: Record<string, unknown>, options: FakeContextOptions = {}): Promise<NodeExecutionError> {
  const error = await thrownBy(() => call(config, options));
  if (!(error instanceof NodeExecutionError)) throw new Error(`expected a NodeExecutionError, got ${String(error)}`);
  return error;
}

function expectNoSecrets(text: string): void {
  for (const secret of ALL_SECRETS) expect(text).not.toContain(secret);
}

describe('connector.http against a real server', () => {
  it('GET with query parameters, sending the Idempotency-Key', async () => {
    const output = await call({ url: `${base}/echo?fixed=1`, query: { page: 3, q: 'blue shoes', all: false } });
    expect(output).toMatchObject({
      status: 200,
      body: { method: 'GET', query: { fixed: '1', page: '3', q: 'blue shoes', all: 'false' }, idempotencyKey: 'run1:node1:0' },
    });
    expect(output).toHaveProperty(['headers', 'content-type'], 'application/json');
    expect(received).toHaveLength(1);
    expect(received[0]?.headers['idempotency-key']).toBe('run1:node1:0');
  });

  it('POST with a JSON body', async () => {
    const output = await call({ url: `${base}/echo`, method: 'POST', bodyType: 'json', body: { sku: 'A-1', qty: 2 } });
    expect(output).toMatchObject({
      body: { method: 'POST', contentType: 'application/json', body: '{"sku":"A-1","qty":2}', idempotencyKey: 'run1:node1:0' },
    });
  });

  it('PATCH with a text body', async () => {
    const output = await call({ url: `${base}/echo`, method: 'PATCH', bodyType: 'text', body: 'qty=3' });
    expect(output).toMatchObject({ body: { method: 'PATCH', contentType: 'text/plain; charset=utf-8', body: 'qty=3' } });
  });

  it('text and JSON responses', async () => {
    expect(await call({ url: `${base}/text` })).toMatchObject({ body: 'plain hello' });
    expect(await call({ url: `${base}/json-as-text` })).toMatchObject({ body: '{"n":1}' });
    expect(await call({ url: `${base}/json-as-text`, responseType: 'json' })).toMatchObject({ body: { n: 1 } });
    const asText = await call({ url: `${base}/echo`, responseType: 'text' });
    expect(typeof asText === 'object' && asText !== null && 'body' in asText ? asText.body : undefined).toMatch(/^\{"method":"GET"/);
  });

  it('HEAD: status and headers, an empty body', async () => {
    expect(await call({ url: `${base}/text`, method: 'HEAD' })).toMatchObject({ status: 200, body: '' });
  });

  for (const credential of ['bearer', 'basic', 'header', 'query']) {
    it(`${credential} credentials reach the server and never the output`, async () => {
      const output = await call({ url: `${base}/protected`, credential });
      expect(output).toMatchObject({ status: 200, body: { authorized: true } });
      expectNoSecrets(JSON.stringify(output));
    });
  }

  it('a rejected credential: HTTP 401 without the secret anywhere', async () => {
    const error = await failure({ url: `${base}/protected?page=1`, credential: 'wrong' });
    expect(received[0]?.headers.authorization).toBe(`Bearer ${WRONG_TOKEN}`);
    expect(error).toMatchObject({ code: 'HTTP_STATUS', retryable: false, message: `HTTP 401 from GET ${base}/protected` });
    expect(error.details).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
    expect([error.message, error.stack, JSON.stringify(error.details)].join()).not.toContain(WRONG_TOKEN);
  });

  it('404: HTTP_STATUS, not retryable, with status, headers and body', async () => {
    const error = await failure({ url: `${base}/missing?key=abc`, credential: 'bearer' });
    expect(error.message).toBe(`HTTP 404 from GET ${base}/missing`);
    expect(error.code).toBe('HTTP_STATUS');
    expect(error.retryable).toBe(false);
    expect(error.details).toMatchObject({ status: 404, headers: { 'content-type': 'application/json' }, body: { error: 'not found' } });
    expectNoSecrets([error.message, error.stack, JSON.stringify(error.details)].join());
  });

  it('500: retryable, text body kept', async () => {
    const error = await failure({ url: `${base}/broken`, method: 'POST', bodyType: 'json', body: {}, credential: 'basic' });
    expect(error.message).toBe(`HTTP 500 from POST ${base}/broken`);
    expect(error.retryable).toBe(true);
    expect(error.details).toMatchObject({ status: 500, body: '<h1>Internal error</h1>' });
    expectNoSecrets([error.message, error.stack, JSON.stringify(error.details)].join());
  });

  it('429 with Retry-After in seconds, 503 with an HTTP date', async () => {
    const busy = await failure({ url: `${base}/busy` });
    expect(busy).toMatchObject({ code: 'HTTP_STATUS', retryable: true, retryAfterMs: 7000 });
    expect(busy.details).toMatchObject({ status: 429, headers: { 'retry-after': '7' } });
    const until = await failure({ url: `${base}/busy-until` });
    expect(until).toMatchObject({ retryable: true, retryAfterMs: 120_000 });
  });

  it('times out on a slow endpoint: HTTP_TIMEOUT, retryable', async () => {
    const started = Date.now();
    const error = await failure({ url: `${base}/slow?k=v`, timeoutMs: 150, credential: 'header' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error).toMatchObject({ code: 'HTTP_TIMEOUT', retryable: true });
    expect(error.message).toBe(`GET ${base}/slow timed out after 150 ms`);
    expectNoSecrets([error.message, error.stack].join());
  });

  it('the timeout also covers reading the body', async () => {
    const error = await failure({ url: `${base}/stalled-body`, timeoutMs: 150 });
    expect(error).toMatchObject({ code: 'HTTP_TIMEOUT', retryable: true });
  });

  it('stops when the run is cancelled: ABORTED, not retryable', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('run cancelled')), 100);
    const error = await failure({ url: `${base}/slow`, timeoutMs: 10_000 }, { signal: controller.signal });
    expect(error).toMatchObject({ code: 'ABORTED', retryable: false });
    expect(error.message).toBe(`GET ${base}/slow was aborted`);
  });

  it('a refused connection: HTTP_NETWORK, retryable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = portOf(closed);
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const allowClosed = new EgressGuard({ allow: [`127.0.0.1:${port}`] }).forTenant('test');
    const error = await failure({ url: `http://127.0.0.1:${port}/x?api=1`, credential: 'query' }, { http: allowClosed });
    expect(error).toMatchObject({ code: 'HTTP_NETWORK', retryable: true });
    expect(error.message).toMatch(new RegExp(`^GET http://127\\.0\\.0\\.1:${port}/x failed: `));
    expectNoSecrets([error.message, error.stack].join());
  });
});
