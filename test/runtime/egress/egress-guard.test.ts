import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NodeExecutionError } from '../../../runtime/definition/index.js';
import { EgressGuard, type EgressLookup } from '../../../runtime/egress/index.js';

/** A request one of the test servers received. */
interface Seen {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A real server on 127.0.0.1 counting TCP connections, so a test can show nothing reached it. */
interface TestServer {
  readonly port: number;
  readonly url: string;
  readonly seen: Seen[];
  connections: number;
  close(): Promise<void>;
}

async function startServer(answer: (request: Seen, respond: (status: number, headers?: Record<string, string>, body?: string) => void) => void): Promise<TestServer> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() };
      seen.push(request);
      answer(request, (status, headers = {}, body = '') => res.writeHead(status, headers).end(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const handle: TestServer = {
    port,
    url: `http://127.0.0.1:${port}`,
    seen,
    connections: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('connection', () => handle.connections++);
  return handle;
}

/** The echo's answer: what arrived. */
function echo(request: Seen, respond: (status: number, headers?: Record<string, string>, body?: string) => void): void {
  respond(200, { 'content-type': 'application/json' }, JSON.stringify({ method: request.method, path: request.path, headers: request.headers, body: request.body }));
}

let target: TestServer;
let other: TestServer;
beforeAll(async () => {
  other = await startServer(echo);
  target = await startServer((request, respond) => {
    const redirect = (status: number, location: string) => respond(status, { location }, 'moved');
    switch (request.path.split('?')[0]) {
      case '/to-private':
        return redirect(302, 'http://10.0.0.1/orders');
      case '/to-metadata':
        return redirect(301, 'http://169.254.169.254/latest/meta-data/iam/security-credentials/');
      case '/to-other':
        return redirect(302, `${other.url}/landing`);
      case '/to-other-by-name':
        return redirect(307, `http://localhost:${other.port}/landing`);
      case '/to-file':
        return redirect(302, 'file:///etc/passwd');
      case '/same-origin':
        return redirect(302, '/echo');
      case '/see-other':
        return redirect(303, '/echo');
      case '/temporary':
        return redirect(307, '/echo');
      case '/loop':
        return redirect(302, '/loop');
      default:
        return echo(request, respond);
    }
  });
});
afterAll(async () => {
  await target.close();
  await other.close();
});
beforeEach(() => {
  target.seen.length = 0;
  other.seen.length = 0;
  target.connections = 0;
  other.connections = 0;
});

async function refusal(request: Promise<unknown>): Promise<NodeExecutionError> {
  try {
    await request;
  } catch (error) {
    if (error instanceof NodeExecutionError) return error;
    throw error;
  }
  throw new Error('the request was not refused');
}

/** A resolver that answers from a table (and counts its calls), like a local DNS server would. */
function tableLookup(table: Record<string, string[]>): EgressLookup & { calls: string[] } {
  const calls: string[] = [];
  const lookup = (hostname: string) => {
    calls.push(hostname);
    const addresses = table[hostname];
    return addresses ? Promise.resolve(addresses.map((address) => ({ address }))) : Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
  };
  return Object.assign(lookup, { calls });
}

const GET: RequestInit = { method: 'GET' };

describe('without an allow-list, every non-public address is refused before any connection', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1', 'loopback'],
    ['localhost', '127.0.0.1', 'loopback'],
    ['127.1', '127.0.0.1', 'loopback'],
    ['2130706433', '127.0.0.1', 'loopback'],
    ['0x7f000001', '127.0.0.1', 'loopback'],
    ['017700000001', '127.0.0.1', 'loopback'],
    ['[::1]', '::1', 'loopback'],
    ['[::ffff:127.0.0.1]', '127.0.0.1', 'loopback'],
    ['[::ffff:7f00:1]', '127.0.0.1', 'loopback'],
    ['0.0.0.0', '0.0.0.0', 'unspecified'],
    ['[::]', '::', 'unspecified'],
    ['10.0.0.1', '10.0.0.1', 'private'],
    ['172.16.0.1', '172.16.0.1', 'private'],
    ['192.168.0.1', '192.168.0.1', 'private'],
    ['169.254.169.254', '169.254.169.254', 'linkLocal'],
    ['100.64.0.1', '100.64.0.1', 'carrierGradeNat'],
    ['224.0.0.1', '224.0.0.1', 'multicast'],
    ['[fc00::1]', 'fc00::1', 'uniqueLocal'],
    ['[fe80::1]', 'fe80::1', 'linkLocal'],
    ['[::127.0.0.1]', '::7f00:1', 'ipv4Compatible'],
    ['[64:ff9b::7f00:1]', '64:ff9b::7f00:1', 'rfc6052'],
  ])('http://%s:<port>/', async (host, address, range) => {
    const error = await refusal(new EgressGuard().forTenant('t1')(`http://${host}:${target.port}/metrics?token=abc`, GET));
    expect(error).toMatchObject({ code: 'EGRESS_BLOCKED', retryable: false, details: { address, range, port: target.port } });
    expect(error.message).toContain(`was blocked: ${address} is `);
    expect(error.message).toContain('FLOWGATE_EGRESS_ALLOW');
    expect(error.message).not.toContain('token=abc');
    expect(target.connections).toBe(0);
  });

  it('refuses a DNS name that resolves to loopback (checked after resolution)', async () => {
    const lookup = tableLookup({ 'orders.attacker.test': ['127.0.0.1'], 'mapped.attacker.test': ['::ffff:127.0.0.1'] });
    const client = new EgressGuard({ lookup }).forTenant('t1');
    const named = await refusal(client(`http://orders.attacker.test:${target.port}/`, GET));
    expect(named.message).toMatch(new RegExp(`^the connection to orders\\.attacker\\.test:${target.port} \\(127\\.0\\.0\\.1\\) was blocked: 127\\.0\\.0\\.1 is a loopback address`));
    expect((await refusal(client(`http://mapped.attacker.test:${target.port}/`, GET))).details).toMatchObject({ address: '127.0.0.1', range: 'loopback' });
    expect(target.connections).toBe(0);
  });

  it('lets an unresolvable name fail as a network error, not a refusal', async () => {
    const client = new EgressGuard({ lookup: tableLookup({}) }).forTenant('t1');
    await expect(client('http://nowhere.test/', GET)).rejects.toThrow(TypeError);
  });
});

describe('the deployment allow-list', () => {
  it('opens exactly the host and port it names', async () => {
    const client = new EgressGuard({ allow: [`127.0.0.1:${target.port}`] }).forTenant('t1');
    const response = await client(`${target.url}/orders`, GET);
    expect(response.status).toBe(200);
    expect(target.seen.map((request) => request.path)).toEqual(['/orders']);
    expect((await refusal(client(`${other.url}/orders`, GET))).code).toBe('EGRESS_BLOCKED');
    expect(other.connections).toBe(0);
  });

  it('opens a name, connecting to the address the check resolved (resolved once, no second lookup to rebind)', async () => {
    let resolutions = 0;
    const lookup: EgressLookup = () => Promise.resolve([{ address: resolutions++ === 0 ? '127.0.0.1' : '10.0.0.1' }]);
    const guard = new EgressGuard({ allow: [`127.0.0.1:${target.port}`], lookup });
    const response = await guard.forTenant('t1')(`http://rebind.test:${target.port}/first`, GET);
    expect(await response.json()).toMatchObject({ path: '/first', headers: { host: `rebind.test:${target.port}` } });
    expect(resolutions).toBe(1);
    // A new connection resolves again, and the new answer is checked again.
    const error = await refusal(guard.forTenant('t2')(`http://rebind.test:${target.port}/second`, GET));
    expect(error.details).toMatchObject({ address: '10.0.0.1', range: 'private' });
    expect(target.seen.map((request) => request.path)).toEqual(['/first']);
  });

  it('connects to an allowed address of a name that also resolves to refused ones', async () => {
    const lookup = tableLookup({ 'mixed.test': ['10.0.0.1', '169.254.169.254', '127.0.0.1'] });
    const client = new EgressGuard({ allow: [`127.0.0.1:${target.port}`], lookup }).forTenant('t1');
    expect((await client(`http://mixed.test:${target.port}/`, GET)).status).toBe(200);
  });

  it('takes the system resolver for names such as localhost', async () => {
    const client = new EgressGuard({ allow: [`localhost:${target.port}`] }).forTenant('t1');
    expect((await client(`http://localhost:${target.port}/by-name`, GET)).status).toBe(200);
    expect((await refusal(client(`http://127.0.0.1:${target.port}/by-address`, GET))).code).toBe('EGRESS_BLOCKED');
  });
});

describe("a tenant's allow-list", () => {
  it('never opens loopback, even through a name it lists', async () => {
    const lookup = tableLookup({ 'erp.contoso.test': ['127.0.0.1'] });
    const guard = new EgressGuard({ lookup, tenantAllowList: () => [`erp.contoso.test:${target.port}`], tenantSetting: "the workspace's egress allow-list" });
    const error = await refusal(guard.forTenant('contoso')(`http://erp.contoso.test:${target.port}/`, GET));
    expect(error.message).toContain("Only the deployment's allow-list (FLOWGATE_EGRESS_ALLOW) can open it");
    expect(target.connections).toBe(0);
  });

  it('is read per tenant, and read again when it changes', async () => {
    const lists: Record<string, string[]> = { contoso: ['10.0.0.0/8:443'], fabrikam: [] };
    const reads: string[] = [];
    const guard = new EgressGuard({
      lookup: tableLookup({}),
      tenantAllowList: (tenantId) => {
        reads.push(tenantId);
        return lists[tenantId] ?? [];
      },
      tenantSetting: "the workspace's egress allow-list",
    });
    const fabrikam = await refusal(guard.forTenant('fabrikam')('https://10.1.2.3/', GET));
    expect(fabrikam.message).toContain(`add "10.1.2.3:443" to the workspace's egress allow-list`);
    await refusal(guard.forTenant('fabrikam')('https://10.1.2.4/', GET));
    expect(reads).toEqual(['fabrikam']);
    lists.fabrikam = ['10.0.0.0/8:443'];
    guard.tenantListChanged('fabrikam');
    // Now allowed: the guard lets the connection go (to an address nothing answers on here) instead of refusing it.
    const timeout = AbortSignal.timeout(300);
    const outcome = await guard.forTenant('fabrikam')('https://10.1.2.3/', { ...GET, signal: timeout }).catch((error: unknown) => error);
    expect(outcome).not.toBeInstanceOf(NodeExecutionError);
    expect(reads).toEqual(['fabrikam', 'fabrikam']);
    await guard.close();
  });
});

describe('redirects', () => {
  const allowTarget = () => new EgressGuard({ allow: [`127.0.0.1:${target.port}`] }).forTenant('t1');
  const allowBoth = () => new EgressGuard({ allow: [`127.0.0.1:${target.port}`, `127.0.0.1:${other.port}`, `localhost:${other.port}`] }).forTenant('t1');

  it.each([
    ['/to-private', '10.0.0.1'],
    ['/to-metadata', '169.254.169.254'],
  ])('from an allowed server to a refused address (%s) are refused', async (path, address) => {
    const error = await refusal(allowTarget()(`${target.url}${path}`, GET));
    expect(error).toMatchObject({ code: 'EGRESS_BLOCKED', details: { address } });
    expect(target.seen).toHaveLength(1);
  });

  it('to a loopback port the list does not name are refused, by address and by name', async () => {
    expect((await refusal(allowTarget()(`${target.url}/to-other`, GET))).code).toBe('EGRESS_BLOCKED');
    expect((await refusal(allowTarget()(`${target.url}/to-other-by-name`, GET))).code).toBe('EGRESS_BLOCKED');
    expect(other.connections).toBe(0);
  });

  it('to another origin drop Authorization, cookies and every other credential-carrying header', async () => {
    const headers = {
      authorization: 'Bearer sk_live_SECRET',
      'proxy-authorization': 'Basic cHJveHk6c2VjcmV0',
      cookie: 'session=SECRET',
      'x-api-key': 'key-SECRET',
      'x-custom': 'internal',
      accept: 'application/json',
      'idempotency-key': 'run:node:0',
    };
    const response = await allowBoth()(`${target.url}/to-other`, { method: 'GET', headers });
    expect(response.status).toBe(200);
    expect(target.seen[0]?.headers.authorization).toBe('Bearer sk_live_SECRET');
    const landed = other.seen[0];
    expect(landed?.path).toBe('/landing');
    for (const name of ['authorization', 'proxy-authorization', 'cookie', 'x-api-key', 'x-custom']) expect(landed?.headers[name], name).toBeUndefined();
    expect(landed?.headers).toMatchObject({ accept: 'application/json', 'idempotency-key': 'run:node:0' });
  });

  it('within the origin keep the headers', async () => {
    const response = await allowTarget()(`${target.url}/same-origin`, { method: 'GET', headers: { authorization: 'Bearer tok' } });
    expect(await response.json()).toMatchObject({ path: '/echo', headers: { authorization: 'Bearer tok' } });
  });

  it('turn a POST into a GET without its body on 303, and send it again on 307', async () => {
    const post = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"order":1}' };
    const seeOther = (await (await allowTarget()(`${target.url}/see-other`, post)).json()) as Seen;
    expect(seeOther).toMatchObject({ method: 'GET', body: '' });
    expect(seeOther.headers['content-type']).toBeUndefined();
    expect(await (await allowTarget()(`${target.url}/temporary`, post)).json()).toMatchObject({ method: 'POST', body: '{"order":1}', headers: { 'content-type': 'application/json' } });
  });

  it('stop after five hops, and never follow a non-HTTP URL', async () => {
    const loop = await refusal(allowTarget()(`${target.url}/loop?key=SECRET`, GET));
    expect(loop).toMatchObject({ code: 'HTTP_REDIRECT', retryable: false });
    expect(loop.message).toBe(`${target.url}/loop redirected more than 5 times in a row`);
    expect(target.seen).toHaveLength(6);
    expect((await refusal(allowTarget()(`${target.url}/to-file`, GET))).message).toContain('redirected to a file: URL; only http: and https: are followed');
  });

  it("are returned as they are with redirect: 'manual'", async () => {
    const response = await allowTarget()(`${target.url}/to-private`, { method: 'GET', redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('http://10.0.0.1/orders');
  });
});
