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

/** Drives a server with autocannon (in this process; the server runs in its own) for `seconds`. */
function load(target: Target, seconds: number): Promise<autocannon.Result> {
  const body = JSON.stringify({ id: 'SO-1001', subtotal: 640, shipping: 12.5, lines: [{ sku: 'A-1', qty: 2 }] });
  return autocannon({
    url: `http://127.0.0.1:${target.port}${target.path}`,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-flowgate-token': target.token },
    body,
    connections: 64,
    pipelining: 1,
    duration: seconds,
  });
}

/** The round with the median throughput. */
function median(rounds: readonly autocannon.Result[]): autocannon.Result {
  return [...rounds].sort((a, b) => a.requests.average - b.requests.average)[Math.floor(rounds.length / 2)] as autocannon.Result;
}

const ROUNDS = 3;

/**
 * Prints the webhook path's throughput and latency next to the bare Express ceiling. Both servers
 * run at once in their own processes and are measured in alternating rounds (after a warm-up of
 * each), so a slower or faster spell of a shared machine weighs on both; each figure is the
 * median round.
 */
export async function benchWebhook(seconds: number): Promise<void> {
  console.log(
    `\nWebhook: webhook → transform → condition → transform → respond (onCompletion, every run durable), 64 connections,` +
      ` ${ROUNDS} alternating rounds of ${seconds} s each`,
  );
  const servers = [await startServer('flowgate'), await startServer('bare')];
  const rounds: autocannon.Result[][] = [[], []];
  try {
    for (const { target } of servers) await load(target, 1);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [index, { target }] of servers.entries()) rounds[index]?.push(await load(target, seconds));
    }
  } finally {
    for (const { child } of servers) child.kill('SIGTERM');
  }
  const [flowgate, bare] = rounds.map(median) as [autocannon.Result, autocannon.Result];
  for (const [label, result, all] of [
    ['Flowgate (engine, SQLite FULL)', flowgate, rounds[0]],
    ['bare Express handler         ', bare, rounds[1]],
  ] as const) {
    const failures = (all ?? []).reduce((sum, r) => sum + r.non2xx + r.errors + r.timeouts, 0);
    console.log(
      `  ${label}: ${format(result.requests.average).padStart(7)} req/s, p50 ${format(result.latency.p50, 1)} ms, p99 ${format(result.latency.p99, 1)} ms` +
        ` (rounds: ${(all ?? []).map((r) => format(r.requests.average)).join(', ')})${failures > 0 ? `, ${failures} failed` : ''}`,
    );
  }
  // Each round of Flowgate is compared with the bare round right after it; the median of those ratios.
  const ratios = (rounds[0] ?? []).map((result, index) => result.requests.average / (rounds[1]?.[index]?.requests.average ?? Number.NaN));
  const ratio = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)] ?? Number.NaN;
  console.log(`  Flowgate / bare, median of the paired rounds: ${format(ratio * 100)}% (rounds: ${ratios.map((value) => `${format(value * 100)}%`).join(', ')})`);
  console.log(`  target ≥ 2,500 req/s: ${verdict(flowgate.requests.average >= 2500)}; ≥ 60% of bare: ${verdict(ratio >= 0.6)}`);
}
