/**
 * Prepares a Flowgate database for bench/postgres-webhook.ts, then exits:
 * `tsx bench/postgres-webhook-setup.ts <dataDir>` (on PostgreSQL when FLOWGATE_DATABASE_URL is set).
 * A partner `bench` gets bench/webhook.ts's 5-node workflow, activated through the governance path,
 * with its webhook answering 202 as soon as the run is accepted; prints `{ "path", "token" }`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../server/config.js';
import { createAppContext } from '../server/context.js';

const [dataDir = ''] = process.argv.slice(2);
const config = { ...loadConfig(['--data', dataDir, '--no-demo'], process.env), logLevel: 'warn' };
const context = await createAppContext(config, pino({ level: 'warn' }));
const partner = await context.tenants.createPartner('Bench', 'bench', {
  productName: 'Bench',
  logoDataUrl: null,
  primaryColor: '#000000',
  accentColor: '#ffffff',
  supportEmail: null,
  supportUrl: null,
});
const definition = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/webhook-5-nodes.json'), 'utf8')) as { nodes: { id: string; config: Record<string, unknown> }[] };
for (const node of definition.nodes) if (node.id === 'received') node.config.respond = 'immediately';
const workflow = await context.workflows.create(partner.id, { id: 'author' }, { name: 'Bench', definition });
await context.workflows.submit(partner.id, { id: 'author' }, workflow.id, 'bench');
await context.workflows.review(partner.id, { id: 'reviewer' }, workflow.id, 1, 'approve', '');
await context.workflows.activate(partner.id, { id: 'reviewer' }, workflow.id, 1, 'bench');
const { secret: token } = await context.triggers.rotateSecret(partner.id, workflow.id, 'received');
console.log(JSON.stringify({ path: '/hooks/bench/orders', token }));
process.exit(0);
