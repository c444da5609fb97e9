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

  it('finds the test run’s PostgreSQL server by its port and counts its CPU, and nothing on a port without one', () => {
    const port = Number(new URL(inject('postgresUrl')).port);
    const pid = postmasterPid(port);
    expect(pid).toBeGreaterThan(0);
    expect(treeCpuSeconds(pid ?? 0)).toBeGreaterThan(0);
    expect(postmasterPid(1)).toBeUndefined();
    expect(cpuSeconds(2 ** 30)).toBe(0);
  });
});
