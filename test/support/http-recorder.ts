import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the recorder received. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** A real HTTP server on 127.0.0.1 for connector tests, recording every request. */
export interface HttpRecorder {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * Starts the recorder on an ephemeral port. Routes:
 * - `GET /orders/:id` → 200 `{ id, lines: 2, idempotencyKey }` (the Idempotency-Key it received);
 * - `* /status/:code` → that status with `{ status }` as JSON;
 * - `GET /slow?ms=N` → 200 after N milliseconds;
 * - anything else → 404.
 */
export async function startHttpRecorder(): Promise<HttpRecorder> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      requests.push({ method: request.method ?? 'GET', path: url.pathname, headers: request.headers, body: Buffer.concat(chunks).toString() });
      const json = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      const order = /^\/orders\/([^/]+)$/.exec(url.pathname);
      const status = /^\/status\/(\d{3})$/.exec(url.pathname);
      if (order) json(200, { id: order[1], lines: 2, idempotencyKey: request.headers['idempotency-key'] ?? null });
      else if (status) json(Number(status[1]), { status: Number(status[1]) });
      else if (url.pathname === '/slow') setTimeout(() => json(200, { slow: true }), Number(url.searchParams.get('ms') ?? 100));
      else json(404, { error: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
