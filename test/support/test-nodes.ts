import { z } from 'zod';
import {
  ERROR_PORT,
  IN_PORT,
  NodeExecutionError,
  OUT_PORT,
  defineNode,
  defineNodeSpec,
  expression,
  type NodeContext,
  type NodeImplementation,
} from '../../runtime/definition/index.js';
import { nodeImplementations } from '../../nodes/index.js';

/** What the test nodes observed while running. */
export interface Observations {
  /** Every execution of `test.effect`, with the idempotency key and attempt it ran with. */
  effects: { key: string; attempt: number }[];
  /** Called inside `test.effect` before it returns, e.g. to inspect the store or block. */
  onEffect?: (ctx: NodeContext) => Promise<void> | void;
  /** Most `test.wait` executions in flight at once. */
  maxConcurrent: number;
  /** Whether `test.wait` saw its signal aborted. */
  aborted: boolean;
}

const base = { version: 1, icon: 'flask-conical', category: 'data' as const };

/**
 * Node types used only by engine tests, registered next to the product's own: a side effect that
 * records its idempotency key, a wait that honours the abort signal, a node choosing a bad port,
 * one returning non-JSON data, one leaking a secret, and an expression-typed field.
 */
export function testNodes(observations: Observations): NodeImplementation[] {
  let running = 0;
  return [
    ...nodeImplementations,
    defineNode(
      defineNodeSpec({
        ...base,
        type: 'test.effect',
        title: 'Side effect',
        description: 'Records its idempotency key, as a connector would send it.',
        ports: { inputs: [IN_PORT], outputs: [OUT_PORT, ERROR_PORT] },
        config: z.strictObject({}),
        sideEffects: true,
      }),
      async (ctx, _config, input) => {
        await observations.onEffect?.(ctx);
        observations.effects.push({ key: ctx.idempotencyKey, attempt: ctx.attempt });
        return { output: input };
      },
    ),
    defineNode(
      defineNodeSpec({
        ...base,
        type: 'test.wait',
        title: 'Wait',
        description: 'Waits for the given milliseconds or until aborted.',
        ports: { inputs: [IN_PORT], outputs: [OUT_PORT, ERROR_PORT] },
        config: z.strictObject({ ms: z.number() }),
        sideEffects: false,
      }),
      async (ctx, config, input) => {
        running++;
        observations.maxConcurrent = Math.max(observations.maxConcurrent, running);
        try {
          await new Promise<void>((resolve, reject) => {
            const timer = setTimeout(resolve, config.ms);
            ctx.signal.addEventListener('abort', () => {
              observations.aborted = true;
              clearTimeout(timer);
              reject(new Error('aborted'));
            });
          });
        } finally {
          running--;
        }
        return { output: input };
      },
    ),
    defineNode(
      defineNodeSpec({
        ...base,
        type: 'test.misbehave',
        title: 'Misbehave',
        description: 'Returns what it is told to: a bad port, non-JSON output, or a secret.',
        ports: { inputs: [IN_PORT], outputs: [OUT_PORT, ERROR_PORT] },
        config: z.strictObject({ mode: z.enum(['badPort', 'errorPort', 'map', 'nan', 'leakSecret', 'throwSecret', 'throwNodeError']) }),
        sideEffects: false,
      }),
      async (ctx, config) => {
        switch (config.mode) {
          case 'badPort':
            return { output: 1, port: 'sideways' };
          case 'errorPort':
            return { output: 1, port: 'error' };
          case 'map':
            return { output: { lookup: new Map([['a', 1]]) } };
          case 'nan':
            return { output: { ratio: Number.NaN } };
          case 'leakSecret': {
            const secret = await ctx.secrets.get('erp', { url: 'https://erp.example.com/' });
            return { output: { header: `Bearer ${secret.token ?? ''}`, note: 'ok' } };
          }
          case 'throwSecret': {
            const secret = await ctx.secrets.get('erp', { url: 'https://erp.example.com/' });
            throw new Error(`login failed for token ${secret.token ?? ''}`);
          }
          case 'throwNodeError':
            throw new NodeExecutionError('the ERP refused the order', { code: 'ERP_REFUSED', details: { reason: 'credit hold' } });
        }
      },
    ),
    defineNode(
      defineNodeSpec({
        ...base,
        type: 'test.typed',
        title: 'Typed expression',
        description: 'A number-typed expression field.',
        ports: { inputs: [IN_PORT], outputs: [OUT_PORT, ERROR_PORT] },
        config: z.strictObject({ amount: expression(z.number()) }),
        sideEffects: false,
      }),
      (_ctx, config) => ({ output: { amount: config.amount } }),
    ),
  ];
}

/** Fresh observations. */
export function observe(): Observations {
  return { effects: [], maxConcurrent: 0, aborted: false };
}
