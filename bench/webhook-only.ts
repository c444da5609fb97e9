import { benchWebhook } from './webhook.js';

/** Runs only the webhook benchmark (`npx tsx bench/webhook-only.ts`). */
await benchWebhook(Number(process.env.BENCH_SECONDS ?? 5));
