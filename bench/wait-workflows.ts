import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Actor, Engine } from '../runtime/engine/index.js';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8'));
}

/** trigger.manual → human.approval (role `approver`) → data.transform on `approved`. */
export const approvalGate = fixture('approval-gate.json');

/** trigger.manual → connector.http POST `${params.baseUrl}/effect` → data.transform. */
export const httpSideEffect = fixture('http-side-effect.json');

/** Someone allowed to decide every task of {@link approvalGate}. */
export const approver: Actor = { id: 'ann', roles: ['approver'] };

/** The input of the `index`th benchmark run. */
export function orderInput(index: number): { id: string; total: number } {
  return { id: `SO-${index}`, total: 100 + (index % 900) };
}

/**
 * Starts `count` runs of {@link approvalGate} through the engine, `batch` at a time, and waits
 * until every one of them is `waiting` at its gate (so their state is what the engine wrote).
 */
export async function startWaitingRuns(engine: Engine, count: number, batch = 500): Promise<void> {
  for (let first = 0; first < count; first += batch) {
    const size = Math.min(batch, count - first);
    const handles = await Promise.all(Array.from({ length: size }, (_, offset) => engine.start({ definition: approvalGate, input: orderInput(first + offset) })));
    for (const run of await Promise.all(handles.map((handle) => handle.settled))) {
      if (run.status !== 'waiting') throw new Error(`benchmark run ${run.id} ended ${run.status} instead of waiting at its gate`);
    }
  }
}
