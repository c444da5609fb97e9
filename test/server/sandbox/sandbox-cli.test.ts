import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function flowgate(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(root, 'bin/flowgate.js'), ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('flowgate sandbox', () => {
  it('prints its URL, SMTP port and demo credentials, serves until SIGTERM, then exits 0', async () => {
    const child = spawn(process.execPath, [join(root, 'bin/flowgate.js'), 'sandbox', '--port', '0', '--smtp-port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    running.push(child);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 20_000;
    while (!output.includes('Faults, records, reset')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`flowgate sandbox did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const url = /Flowgate sandbox is running at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] as string;
    expect(url).toBeDefined();
    expect(output).toMatch(/SMTP: +127\.0\.0\.1:\d+/);
    expect(output).toContain('X-Shopify-Access-Token: sandbox-shopify-admin-token-contoso');
    expect(output).toContain('secret sandbox-bc-client-secret');
    expect(output).toContain('basic auth sandbox-shipstation-key / sandbox-shipstation-secret');
    const info = (await (await fetch(`${url}/_sandbox/info`)).json()) as { url: string; shopify: { shopUrl: string } };
    expect(info).toMatchObject({ url, shopify: { shopUrl: `${url}/shopify` } });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('explains itself with --help', () => {
    const result = flowgate('sandbox', '--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: flowgate sandbox [--port <n>] [--smtp-port <n>] [--token-ttl <seconds>]');
    expect(flowgate('--help').stdout).toMatch(/^ {2}sandbox {5}serve stand-ins for Shopify/m);
    expect(flowgate('help', 'sandbox').stdout).toBe(result.stdout);
  });

  it.each([
    [['--port', 'eighty'], /^flowgate: --port must be a port number from 0 to 65535, got "eighty"$/],
    [['--colour'], /^flowgate: Unknown option '--colour'.*; see flowgate sandbox --help$/],
    [['--token-ttl', '0'], /^flowgate: --token-ttl must be a whole number of seconds, got "0"$/],
  ])('refuses %j with one line and exit 2', (args, pattern) => {
    const result = flowgate('sandbox', ...args);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(pattern);
  });

  it('says so when its port is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const result = flowgate('sandbox', '--port', String((blocker.address() as AddressInfo).port), '--smtp-port', '0');
      expect(result.code).toBe(2);
      expect(result.stderr.trim()).toMatch(/^flowgate: cannot listen: .*EADDRINUSE.*; choose other ports with --port and --smtp-port$/);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
