import express from 'express';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createHttpServer } from '../server/http/http-server.js';
import { loadConfig } from '../server/config.js';
import { createAppContext } from '../server/context.js';
import { activateBenchWebhook } from './bench-webhook-workflow.js';

/**
 * A server for the webhook benchmark, in its own process: `flowgate` (the real app over a fresh
 * SQLite file, synchronous=FULL, with the 5-node workflow active behind a token-authenticated
 * webhook) or `bare` (an Express handler doing the same computation without the engine).
 * Prints `{ "port", "path", "token" }` on stdout once listening.
 */
const mode = process.argv[2];
const order = (body: { id: string; subtotal: number; shipping: number }) => {
  const total = body.subtotal + body.shipping;
  return { orderId: body.id, total, queue: total > 1000 ? 'review' : 'standard' };
};

if (mode === 'bare') {
  const app = express();
  app.post('/hooks/bench/orders', express.json(), (req, res) => {
    if (req.headers['x-flowgate-token'] !== 'bench-token') return void res.status(401).end();
    res.status(200).json(order(req.body as { id: string; subtotal: number; shipping: number }));
  });
  const server = app.listen(0, '127.0.0.1', () => {
    const address = server.address();
    console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0, path: '/hooks/bench/orders', token: 'bench-token' }));
  });
} else {
  const dataDir = mkdtempSync(join(tmpdir(), 'flowgate-bench-hook-'));
  process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const config = { ...loadConfig(['--port', '0', '--data', dataDir, '--no-demo'], process.env), logLevel: 'warn' };
  const context = await createAppContext(config, pino({ level: 'warn' }));
  const token = await activateBenchWebhook(context);
  const server = createHttpServer(context).listen(0, '127.0.0.1', () => {
    const address = server.address();
    console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0, path: '/hooks/bench/orders', token }));
  });
}

process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
