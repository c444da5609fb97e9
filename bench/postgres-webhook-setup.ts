/**
 * Prepares a Flowgate database for bench/postgres-webhook.ts, then exits:
 * `tsx bench/postgres-webhook-setup.ts <dataDir>` (on PostgreSQL when FLOWGATE_DATABASE_URL is set).
 * A partner `bench` gets bench/webhook.ts's 5-node workflow, activated through the governance path,
 * with its webhook answering 202 as soon as the run is accepted; prints `{ "path", "token" }`.
 */
import { pino } from 'pino';
import { loadConfig } from '../server/config.js';
import { createAppContext } from '../server/context.js';
import { activateBenchWebhook } from './bench-webhook-workflow.js';

const [dataDir = ''] = process.argv.slice(2);
const config = { ...loadConfig(['--data', dataDir, '--no-demo'], process.env), logLevel: 'warn' };
const context = await createAppContext(config, pino({ level: 'warn' }));
const token = await activateBenchWebhook(context, true);
console.log(JSON.stringify({ path: '/hooks/bench/orders', token }));
process.exit(0);
