import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { format, verdict } from './stats.js';

interface Target {
  readonly port: number;
  readonly path: string;
  readonly token: string;
}

/** Starts a benchmark server process and reads where it listens. */
function startServer(mode: 'flowgate' | 'bare'): Promise<{ child: ChildProcess; target: Target }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'webhook-server.ts'), mode], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout?.once('data', (chunk: Buffer) => resolve({ child, target: JSON.parse(chunk.toString()) as Target }));
    child.once('error', reject);
  });
}

/** Drives a server with autocannon (in this process; the server runs in its own). */
async function load(target: Target, seconds: number): Promise<autocannon.Result> {
  const body = JSON.stringify({ id: 'SO-1001', subtotal: 640, shipping: 12.5, lines: [{ sku: 'A-1', qty: 2 }] });
  const options = {
    url: `http://127.0.0.1:${target.port}${target.path}`,
    method: 'POST' as const,
    headers: { 'content-type': 'application/json', 'x-flowgate-token': target.token },
    body,
    connections: 64,
    pipelining: 1,
  };
  await autocannon({ ...options, duration: 1 });
  return autocannon({ ...options, duration: seconds });
}

/** Prints the webhook path's throughput and latency next to the bare Express ceiling. */
export async function benchWebhook(seconds: number): Promise<void> {
  console.log('\nWebhook: webhook → transform → condition → transform → respond (onCompletion, every run durable), 64 connections');
  const results: [string, autocannon.Result][] = [];
  for (const mode of ['flowgate', 'bare'] as const) {
    const { child, target } = await startServer(mode);
    try {
      results.push([mode, await load(target, seconds)]);
    } finally {
      child.kill('SIGTERM');
    }
  }
  for (const [mode, result] of results) {
    const failures = result.non2xx + result.errors + result.timeouts;
    console.log(
      `  ${mode === 'flowgate' ? 'Flowgate (engine, SQLite FULL)' : 'bare Express handler         '}: ${format(result.requests.average).padStart(7)} req/s, ` +
        `p50 ${format(result.latency.p50, 1)} ms, p99 ${format(result.latency.p99, 1)} ms${failures > 0 ? `, ${failures} failed` : ''}`,
    );
  }
  const flowgate = (results[0] as [string, autocannon.Result])[1];
  const bare = (results[1] as [string, autocannon.Result])[1];
  const ratio = flowgate.requests.average / bare.requests.average;
  console.log(`  Flowgate / bare: ${format(ratio * 100)}%`);
  console.log(`  target ≥ 2,500 req/s: ${verdict(flowgate.requests.average >= 2500)}; ≥ 60% of bare: ${verdict(ratio >= 0.6)}`);
}
