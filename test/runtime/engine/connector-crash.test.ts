import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConnectorCrashScenario } from '../../support/connector-crash.js';

const root = join(import.meta.dirname, '../../..');

/**
 * The durability promise with typed connectors against the sandbox: an engine process is killed
 * with SIGKILL at random moments while its runs call Shopify and Business Central, and restarted each time.
 */
describe('crash recovery during connector calls', () => {
  it('applies each connector effect once per idempotency key across 20 SIGKILLs', async () => {
    const runs = 60;
    const report = await runConnectorCrashScenario({ runs, kills: 20, root });
    expect(report.kills).toBe(20);
    expect(report.runs).toHaveLength(runs);
    expect(report.runs.filter((run) => run.status !== 'succeeded')).toEqual([]);

    const expected = report.runs.flatMap((run) => [`${run.id}:tag:0`, `${run.id}:stock:0`, `${run.id}:po:0`, `${run.id}:po:0:line:1`, `${run.id}:po:0:line:2`]).sort();
    expect(report.effects.map((effect) => effect.idempotencyKey).sort()).toEqual(expected);
    expect(report.stockAfter).toBe(report.stockBefore - runs);
    expect(report.purchaseOrders).toBe(runs);
  }, 300_000);
});
