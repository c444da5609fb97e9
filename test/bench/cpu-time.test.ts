import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { cpuSeconds, postmasterPid, treeCpuSeconds } from '../../bench/cpu-time.js';

describe('CPU time from /proc (bench/cpu-time.ts)', () => {
  it('counts the CPU this process spends', () => {
    const before = cpuSeconds(process.pid);
    const start = process.cpuUsage();
    let spin = 0;
    while (process.cpuUsage(start).user < 200_000) spin += Math.sqrt(spin + 1);
    expect(spin).toBeGreaterThan(0);
    expect(cpuSeconds(process.pid) - before).toBeGreaterThanOrEqual(0.1);
  });

  it('finds the test run’s PostgreSQL server by its port and counts its CPU, and nothing on a port without one', async () => {
    const url = inject('postgresUrl');
    const pid = postmasterPid(Number(new URL(url).port));
    expect(pid).toBeGreaterThan(0);
    // A freshly started server may not have used a clock tick yet: give one of its backends work, counted while it lives.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const before = treeCpuSeconds(pid ?? 0);
      await client.query('SELECT count(*) FROM generate_series(1, 3000000)');
      expect(treeCpuSeconds(pid ?? 0)).toBeGreaterThan(before);
    } finally {
      await client.end();
    }
    expect(postmasterPid(1)).toBeUndefined();
    expect(cpuSeconds(2 ** 30)).toBe(0);
  });
});
