import { describe, expect, it } from 'vitest';
import { NodeExecutionError, type HttpClient } from '../../runtime/definition/index.js';
import { execute } from '../../nodes/connector.http/execute.js';
import { spec } from '../../nodes/connector.http/spec.js';
import { issueMessages, issuePaths, isVisible } from './config-issues.js';
import { FAKE_NOW, fakeContext, thrownBy, type FakeContextOptions } from './fake-context.js';

interface SentRequest {
  readonly url: string;
  readonly method: string | undefined;
  readonly headers: Headers;
  readonly body: unknown;
}

/** A fake `fetch` that records each request and answers with `respond()`. */
function fakeHttp(respond: () => Response = () => Response.json({ ok: true })): { http: HttpClient; sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  const http: HttpClient = (url, init) => {
    sent.push({ url, method: init.method, headers: new Headers(init.headers), body: init.body });
    return Promise.resolve(respond());
  };
  return { http, sent };
}

const SECRETS = {
  bearer: { type: 'bearer', token: 'tok-SECRET-123' },
  basic: { type: 'basic', username: 'shop', password: 'pw-SECRET-456' },
  header: { type: 'header', name: 'X-Api-Key', value: 'key-SECRET-789' },
  query: { type: 'query', name: 'api_key', value: 'q-SECRET-000' },
  weird: { type: 'oauth1', token: 'x-SECRET-x' },
  broken: { type: 'bearer' },
};

async function call(config: Record<string, unknown>, options: FakeContextOptions = {}) {
  const ctx = fakeContext({ secrets: SECRETS, ...options });
  const outcome = await execute(ctx, spec.config.parse(config), null);
  return { ctx, outcome };
}

async function failure(config: Record<string, unknown>, options: FakeContextOptions = {}): Promise<NodeExecutionError> {
  const error = await thrownBy(() => call(config, options));
  if (!(error instanceof NodeExecutionError)) throw new Error(`expected a NodeExecutionError, got ${String(error)}`);
  return error;
}

/** Everything a thrown error carries, as text, to look for leaked secrets in. */
function everything(error: NodeExecutionError): string {
  return [error.message, error.stack, JSON.stringify(error.details), String(error.cause)].join('\n');
}

describe('connector.http config', () => {
  it('is a side-effecting connector with out and error ports', () => {
    expect(spec.category).toBe('connector');
    expect(spec.sideEffects).toBe(true);
    expect(spec.ports.outputs.map((port) => port.name)).toEqual(['out', 'error']);
  });

  it('fills in defaults', () => {
    expect(spec.config.parse({ url: 'https://api.example.com/orders' })).toEqual({
      method: 'GET',
      url: 'https://api.example.com/orders',
      headers: {},
      query: {},
      bodyType: 'none',
      timeoutMs: 30_000,
      responseType: 'auto',
    });
  });

  it('accepts only absolute http(s) URLs without user info, at "url"', () => {
    for (const url of ['/orders', 'api.example.com', 'ftp://example.com/x', 'javascript:alert(1)', 'https://u:p@example.com/']) {
      expect(issuePaths(spec.config, { url }), url).toEqual([['url']]);
    }
    expect(issueMessages(spec.config, { url: 'file:///etc/passwd' })[0]).toMatch(/http: or https:/);
    expect(issuePaths(spec.config, { url: 'http://127.0.0.1:8080/a?b=c' })).toEqual([]);
    expect(issuePaths(spec.config, {})).toEqual([['url']]);
  });

  it('checks header names and query values at their path', () => {
    const url = 'https://example.com';
    expect(issuePaths(spec.config, { url, headers: { 'X-Ok': 'a', 'Not ok': 'b', 'a:b': 'c' } })).toEqual([
      ['headers', 'Not ok'],
      ['headers', 'a:b'],
    ]);
    expect(issuePaths(spec.config, { url, headers: { 'X-Count': 1 } })).toEqual([['headers', 'X-Count']]);
    expect(issuePaths(spec.config, { url, query: { page: 2, all: true, q: 'x' } })).toEqual([]);
    expect(issuePaths(spec.config, { url, query: { filter: { a: 1 } } })).toEqual([['query', 'filter']]);
  });

  it('needs body content for a body type, and no body on GET or HEAD', () => {
    const url = 'https://example.com';
    expect(issuePaths(spec.config, { url, method: 'POST', bodyType: 'json' })).toEqual([['body']]);
    expect(issuePaths(spec.config, { url, method: 'POST', bodyType: 'json', body: null })).toEqual([]);
    expect(issuePaths(spec.config, { url, method: 'GET', bodyType: 'text', body: 'x' })).toEqual([['bodyType']]);
    expect(issuePaths(spec.config, { url, method: 'HEAD', bodyType: 'json', body: {} })).toEqual([['bodyType']]);
    expect(issuePaths(spec.config, { url, bodyType: 'xml' })).toEqual([['bodyType']]);
  });

  it('checks method, timeout, response type and credential', () => {
    const url = 'https://example.com';
    expect(issuePaths(spec.config, { url, method: 'get' })).toEqual([['method']]);
    for (const timeoutMs of [0, 300_001, 1.5]) {
      expect(issuePaths(spec.config, { url, timeoutMs })).toEqual([['timeoutMs']]);
    }
    expect(issuePaths(spec.config, { url, responseType: 'xml' })).toEqual([['responseType']]);
    expect(issuePaths(spec.config, { url, credential: '' })).toEqual([['credential']]);
    expect(issuePaths(spec.config, { url, followRedirects: false })).toEqual([[]]);
  });

  it('shows the body field only when there is a body type', () => {
    const field = spec.config.shape.body;
    const url = 'https://example.com';
    expect(isVisible(field, spec.config.parse({ url }))).toBe(false);
    expect(isVisible(field, spec.config.parse({ url, method: 'POST', bodyType: 'json', body: 1 }))).toBe(true);
  });
});

describe('connector.http request', () => {
  it('adds query parameters after those in the URL and sends the Idempotency-Key', async () => {
    const { http, sent } = fakeHttp();
    const { ctx } = await call(
      { url: 'https://api.example.com/v1/orders?status=open', query: { page: 2, all: true, q: 'a b&c' } },
      { http },
    );
    expect(sent).toHaveLength(1);
    const url = new URL(sent[0]?.url ?? '');
    expect(url.pathname).toBe('/v1/orders');
    expect([...url.searchParams]).toEqual([['status', 'open'], ['page', '2'], ['all', 'true'], ['q', 'a b&c']]);
    expect(sent[0]?.method).toBe('GET');
    expect(sent[0]?.body).toBeUndefined();
    expect(sent[0]?.headers.get('idempotency-key')).toBe(ctx.idempotencyKey);
  });

  it('always sends its own Idempotency-Key, even over a configured one', async () => {
    const { http, sent } = fakeHttp();
    await call({ url: 'https://example.com', headers: { 'Idempotency-Key': 'mine', 'X-Trace': 't1' } }, { http });
    expect(sent[0]?.headers.get('idempotency-key')).toBe('run1:node1:0');
    expect(sent[0]?.headers.get('x-trace')).toBe('t1');
  });

  it('sends a JSON body with Content-Type application/json', async () => {
    const { http, sent } = fakeHttp();
    await call({ url: 'https://example.com', method: 'POST', bodyType: 'json', body: { id: 1, tags: ['a'] } }, { http });
    expect(sent[0]?.method).toBe('POST');
    expect(sent[0]?.headers.get('content-type')).toBe('application/json');
    expect(sent[0]?.body).toBe('{"id":1,"tags":["a"]}');
  });

  it('keeps a configured Content-Type', async () => {
    const { http, sent } = fakeHttp();
    await call(
      { url: 'https://example.com', method: 'PUT', bodyType: 'json', body: [], headers: { 'Content-Type': 'application/vnd.api+json' } },
      { http },
    );
    expect(sent[0]?.headers.get('content-type')).toBe('application/vnd.api+json');
  });

  it('sends a text body as it is, and other values as JSON text', async () => {
    const { http, sent } = fakeHttp();
    await call({ url: 'https://example.com', method: 'POST', bodyType: 'text', body: 'a,b\n1,2' }, { http });
    await call({ url: 'https://example.com', method: 'POST', bodyType: 'text', body: 42 }, { http });
    expect(sent[0]?.body).toBe('a,b\n1,2');
    expect(sent[0]?.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(sent[1]?.body).toBe('42');
  });

  it('refuses a header value HTTP does not allow, without echoing it', async () => {
    const { http, sent } = fakeHttp();
    const error = await failure({ url: 'https://example.com', headers: { 'X-Note': 'a\r\nInjected: yes' } }, { http });
    expect(error.code).toBe('HTTP_INVALID_HEADER');
    expect(error.message).toContain('"X-Note"');
    expect(error.message).not.toContain('Injected');
    expect(sent).toHaveLength(0);
  });
});

describe('connector.http credentials', () => {
  it('bearer: an Authorization header', async () => {
    const { http, sent } = fakeHttp();
    const { ctx } = await call({ url: 'https://example.com', credential: 'bearer' }, { http });
    expect(ctx.secretRequests).toEqual(['bearer']);
    expect(ctx.secretDestinations).toEqual(['https://example.com/']);
    expect(sent[0]?.headers.get('authorization')).toBe('Bearer tok-SECRET-123');
  });

  it('basic: user name and password, base64-encoded', async () => {
    const { http, sent } = fakeHttp();
    await call({ url: 'https://example.com', credential: 'basic' }, { http });
    expect(sent[0]?.headers.get('authorization')).toBe(`Basic ${Buffer.from('shop:pw-SECRET-456').toString('base64')}`);
  });

  it('header: a named header, overriding a configured one', async () => {
    const { http, sent } = fakeHttp();
    await call({ url: 'https://example.com', credential: 'header', headers: { 'x-api-key': 'wrong' } }, { http });
    expect(sent[0]?.headers.get('x-api-key')).toBe('key-SECRET-789');
  });

  it('query: a query parameter', async () => {
    const { http, sent } = fakeHttp();
    await call({ url: 'https://example.com/a?x=1', credential: 'query' }, { http });
    expect(new URL(sent[0]?.url ?? '').searchParams.get('api_key')).toBe('q-SECRET-000');
  });

  it('refuses an unknown credential type, an incomplete credential and a missing one', async () => {
    const { http, sent } = fakeHttp();
    const unknownType = await failure({ url: 'https://example.com', credential: 'weird' }, { http });
    expect(unknownType.code).toBe('CREDENTIAL_INVALID');
    expect(unknownType.message).toMatch(/"oauth1".*bearer, basic, header or query/);
    expect(everything(unknownType)).not.toContain('x-SECRET-x');
    const incomplete = await failure({ url: 'https://example.com', credential: 'broken' }, { http });
    expect(incomplete.code).toBe('CREDENTIAL_INVALID');
    expect(incomplete.message).toMatch(/has no "token"/);
    const missing = await failure({ url: 'https://example.com', credential: 'nope' }, { http });
    expect(missing.code).toBe('CREDENTIAL_UNAVAILABLE');
    expect(missing.message).toContain('"nope"');
    expect(sent).toHaveLength(0);
  });

  it('scrubs credential values a server echoes back from the output', async () => {
    const { http } = fakeHttp(() =>
      Response.json({ youSent: 'Bearer tok-SECRET-123', note: 'ok' }, { headers: { 'x-echo': 'tok-SECRET-123' } }),
    );
    const { outcome, ctx } = await call({ url: 'https://example.com', credential: 'bearer' }, { http });
    expect(outcome.output).toMatchObject({ body: { youSent: 'Bearer [redacted]', note: 'ok' } });
    expect(JSON.stringify(outcome.output)).not.toContain('SECRET');
    expect(JSON.stringify(ctx.logged)).not.toContain('SECRET');
  });

  it('scrubs a response nested 100,000 levels deep without overflowing the stack (its depth is judged with the output)', async () => {
    const depth = 100_000;
    const text = `${'{"a":'.repeat(depth)}"tok-SECRET-123"${'}'.repeat(depth)}`;
    const { http } = fakeHttp(() => new Response(text, { headers: { 'content-type': 'application/json' } }));
    const { outcome } = await call({ url: 'https://example.com', credential: 'bearer' }, { http });
    let level = (outcome.output as { body: unknown }).body;
    for (let index = 0; index < depth; index++) level = (level as { a: unknown }).a;
    expect(level).toBe('[redacted]');
  });

  it('scrubs echoed credentials from error details too', async () => {
    const { http } = fakeHttp(() => new Response('bad key q-SECRET-000', { status: 403 }));
    const error = await failure({ url: 'https://example.com/x', credential: 'query' }, { http });
    expect(error.details).toMatchObject({ status: 403, body: 'bad key [redacted]' });
    expect(everything(error)).not.toContain('SECRET');
  });
});

describe('connector.http response', () => {
  it('outputs status, lowercase headers and a JSON body', async () => {
    const headers = new Headers({ 'Content-Type': 'application/json; charset=utf-8', 'X-Request-Id': 'r1' });
    headers.append('Set-Cookie', 'a=1');
    headers.append('Set-Cookie', 'b=2');
    const { http } = fakeHttp(() => new Response('{"id":7}', { status: 201, headers }));
    const { outcome } = await call({ url: 'https://example.com' }, { http });
    expect(outcome).toEqual({
      output: {
        status: 201,
        headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'r1', 'set-cookie': 'a=1, b=2' },
        body: { id: 7 },
      },
    });
  });

  it('auto: parses JSON media types, keeps everything else as text', async () => {
    const answer = (contentType: string, text: string) => fakeHttp(() => new Response(text, { headers: { 'content-type': contentType } })).http;
    const body = async (contentType: string, text: string, responseType = 'auto') =>
      (await call({ url: 'https://example.com', responseType }, { http: answer(contentType, text) })).outcome.output;
    expect(await body('application/problem+json', '{"title":"x"}')).toMatchObject({ body: { title: 'x' } });
    expect(await body('text/plain', '{"id":1}')).toMatchObject({ body: '{"id":1}' });
    expect(await body('text/plain', '{"id":1}', 'json')).toMatchObject({ body: { id: 1 } });
    expect(await body('application/json', '{"id":1}', 'text')).toMatchObject({ body: '{"id":1}' });
    expect(await body('application/json', '')).toMatchObject({ body: null });
  });

  it('decodes text with the charset the response names', async () => {
    const latin1 = new Uint8Array([0x63, 0x61, 0x66, 0xe9]);
    const { http } = fakeHttp(() => new Response(latin1, { headers: { 'content-type': 'text/plain; charset=ISO-8859-1' } }));
    expect((await call({ url: 'https://example.com' }, { http })).outcome.output).toMatchObject({ body: 'café' });
    const utf8 = fakeHttp(() => new Response('café', { headers: { 'content-type': 'text/plain; charset=no-such-charset' } }));
    expect((await call({ url: 'https://example.com' }, { http: utf8.http })).outcome.output).toMatchObject({ body: 'café' });
  });

  it('auto: keeps a body that claims to be JSON but is not as text, with a warning', async () => {
    const { http } = fakeHttp(() => new Response('<html>oops', { headers: { 'content-type': 'application/json' } }));
    const { outcome, ctx } = await call({ url: 'https://example.com' }, { http });
    expect(outcome.output).toMatchObject({ body: '<html>oops' });
    expect(ctx.logged.some((line) => line.level === 'warn')).toBe(true);
  });

  it('json: a body that is not JSON is an error', async () => {
    const { http } = fakeHttp(() => new Response('<html>oops', { headers: { 'content-type': 'text/html' } }));
    const error = await failure({ url: 'https://example.com/page?token=abc', responseType: 'json' }, { http });
    expect(error.code).toBe('HTTP_INVALID_JSON');
    expect(error.message).toBe('the response of GET https://example.com/page is not valid JSON');
  });

  it('refuses a response body over 10 MiB, without reading all of it', async () => {
    let pulled = 0;
    const chunk = new Uint8Array(1024 * 1024);
    const { http } = fakeHttp(
      () =>
        new Response(
          new ReadableStream({
            pull(controller) {
              pulled++;
              controller.enqueue(chunk);
              if (pulled === 100) controller.close();
            },
          }),
        ),
    );
    const error = await failure({ url: 'https://example.com/export' }, { http });
    expect(error.code).toBe('HTTP_RESPONSE_TOO_LARGE');
    expect(error.message).toMatch(/larger than 10 MiB/);
    expect(pulled).toBeLessThan(20);
  });

  it('accepts a body of exactly 10 MiB', async () => {
    const { http } = fakeHttp(() => new Response(new Uint8Array(10 * 1024 * 1024).fill(97)));
    const { outcome } = await call({ url: 'https://example.com', responseType: 'text' }, { http });
    expect(outcome.output).toMatchObject({ status: 200 });
  });

  it('refuses a declared Content-Length over 10 MiB up front', async () => {
    const { http } = fakeHttp(() => new Response('tiny', { headers: { 'content-length': String(11 * 1024 * 1024) } }));
    expect((await failure({ url: 'https://example.com' }, { http })).code).toBe('HTTP_RESPONSE_TOO_LARGE');
  });

  it('logs the call without the query string', async () => {
    const { http } = fakeHttp();
    const { ctx } = await call({ url: 'https://example.com/a?secret=1', query: { b: 2 } }, { http });
    expect(ctx.logged).toEqual([
      { level: 'info', message: 'HTTP response', fields: { method: 'GET', url: 'https://example.com/a', status: 200, durationMs: 0 } },
    ]);
  });
});

describe('connector.http failures', () => {
  const answering = (status: number, headers: Record<string, string> = {}, body = '{"error":"nope"}') =>
    fakeHttp(() => new Response(body, { status, headers: { 'content-type': 'application/json', ...headers } })).http;

  it('turns a status outside 2xx into HTTP_STATUS with details, naming the URL without its query', async () => {
    const error = await failure(
      { url: 'https://api.example.com/orders/9?key=abc', method: 'DELETE' },
      { http: answering(404) },
    );
    expect(error.message).toBe('HTTP 404 from DELETE https://api.example.com/orders/9');
    expect(error.code).toBe('HTTP_STATUS');
    expect(error.retryable).toBe(false);
    expect(error.retryAfterMs).toBeUndefined();
    expect(error.details).toEqual({ status: 404, headers: { 'content-type': 'application/json' }, body: { error: 'nope' } });
  });

  it('marks 408, 429 and 5xx as retryable, other statuses not', async () => {
    const expectations: [number, boolean][] = [[400, false], [401, false], [409, false], [422, false], [408, true], [429, true], [500, true], [503, true], [302, false]];
    for (const [status, retryable] of expectations) {
      const error = await failure({ url: 'https://example.com' }, { http: answering(status) });
      expect(error.retryable, String(status)).toBe(retryable);
    }
  });

  it('reads Retry-After as seconds or as an HTTP date', async () => {
    const seconds = await failure({ url: 'https://example.com' }, { http: answering(429, { 'retry-after': '7' }) });
    expect(seconds.retryAfterMs).toBe(7000);
    const later = new Date(FAKE_NOW.getTime() + 90_000).toUTCString();
    const date = await failure({ url: 'https://example.com' }, { http: answering(503, { 'retry-after': later }) });
    expect(date.retryAfterMs).toBe(90_000);
    const past = await failure({ url: 'https://example.com' }, { http: answering(503, { 'retry-after': 'Thu, 01 Jan 1970 00:00:00 GMT' }) });
    expect(past.retryAfterMs).toBe(0);
    const junk = await failure({ url: 'https://example.com' }, { http: answering(503, { 'retry-after': 'soon' }) });
    expect(junk.retryAfterMs).toBeUndefined();
  });

  it('keeps a non-JSON error body as text', async () => {
    const error = await failure({ url: 'https://example.com', responseType: 'json' }, { http: answering(502, { 'content-type': 'text/html' }, '<h1>Bad gateway</h1>') });
    expect(error.details).toMatchObject({ status: 502, body: '<h1>Bad gateway</h1>' });
  });

  it('turns a network failure into a retryable HTTP_NETWORK, without the query string', async () => {
    const http: HttpClient = (url) =>
      Promise.reject(new TypeError(`fetch failed for ${url}`, { cause: new Error('connect ECONNREFUSED 10.0.0.1:443') }));
    const error = await failure({ url: 'https://example.com/a', query: { key: 'abc' } }, { http });
    expect(error.code).toBe('HTTP_NETWORK');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(
      'GET https://example.com/a failed: fetch failed for https://example.com/a: connect ECONNREFUSED 10.0.0.1:443',
    );
  });

  it('reports ABORTED when the run is cancelled, and never calls on an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    const http: HttpClient = (_url, init) =>
      init.signal?.aborted ? Promise.reject(new DOMException('aborted', 'AbortError')) : Promise.resolve(new Response('late'));
    const error = await failure({ url: 'https://example.com' }, { http, signal: controller.signal });
    expect(error.code).toBe('ABORTED');
    expect(error.retryable).toBe(false);
  });

  it('reports HTTP_TIMEOUT when the configured timeout passes first', async () => {
    const http: HttpClient = (_url, init) =>
      new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(new DOMException('timed out', 'TimeoutError')));
      });
    const error = await failure({ url: 'https://example.com/slow', timeoutMs: 50 }, { http });
    expect(error.code).toBe('HTTP_TIMEOUT');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe('GET https://example.com/slow timed out after 50 ms');
  });
});
