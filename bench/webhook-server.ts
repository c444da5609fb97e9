import express from 'express';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createHttpServer } from '../server/http/http-server.js';
import { loadConfig } from '../server/config.js';
import { createAppContext } from '../server/context.js';

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
  const partner = await context.tenants.createPartner('Bench', 'bench', {
    productName: 'Bench',
    logoDataUrl: null,
    primaryColor: '#000000',
    accentColor: '#ffffff',
    supportEmail: null,
    supportUrl: null,
  });
  const definition = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/webhook-5-nodes.json'), 'utf8')) as Record<string, unknown>;
  const workflow = await context.workflows.create(partner.id, { id: 'author' }, { name: 'Bench', definition });
  await context.workflows.submit(partner.id, { id: 'author' }, workflow.id, 'bench');
  await context.workflows.review(partner.id, { id: 'reviewer' }, workflow.id, 1, 'approve', '');
  await context.workflows.activate(partner.id, { id: 'reviewer' }, workflow.id, 1, 'bench');
  const { secret: token } = await context.triggers.rotateSecret(partner.id, workflow.id, 'received');
  const server = createHttpServer(context).listen(0, '127.0.0.1', () => {
    const address = server.address();
    console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0, path: '/hooks/bench/orders', token }));
  });
}

process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
