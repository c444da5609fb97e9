import { createRequire } from 'node:module';
import type jsonLogicModule from 'json-logic-js';
import { evaluateExpression, toPlainData, type ExpressionContext } from '../runtime/expressions/index.js';
import { format, quantile, verdict } from './stats.js';

/** A pristine json-logic-js instance, loaded apart from the one the hardened module patched. */
function pristineJsonLogic(): typeof jsonLogicModule {
  const require = createRequire(import.meta.url);
  const path = require.resolve('json-logic-js');
  const cached = require.cache[path];
  delete require.cache[path];
  const fresh = require('json-logic-js') as typeof jsonLogicModule;
  if (cached) require.cache[path] = cached;
  return fresh;
}

const rules: unknown[] = [
  { '>': [{ var: 'input.total' }, { var: 'params.reviewThreshold' }] },
  { and: [{ '==': [{ var: 'input.country' }, 'DE'] }, { '<': [{ var: 'input.total' }, 1000] }] },
  { in: [{ var: 'input.country' }, ['DE', 'FR', 'NL', 'BE']] },
  { cat: ['Order ', { var: 'input.id' }, ' for ', { var: 'input.customer.email' }] },
  { if: [{ missing: ['input.customer.email'] }, 'anonymous', { var: 'input.customer.email' }] },
  { reduce: [{ var: 'input.lines' }, { '+': [{ var: 'accumulator' }, { var: 'current.qty' }] }, 0] },
  { map: [{ var: 'input.lines' }, { var: 'sku' }] },
  { some: [{ var: 'input.lines' }, { '>': [{ var: 'qty' }, 3] }] },
];

const context = toPlainData({
  input: {
    id: 'SO-1001',
    total: 652.5,
    country: 'DE',
    customer: { email: 'buyer@example.test' },
    lines: [
      { sku: 'A-1', qty: 2 },
      { sku: 'B-7', qty: 1 },
      { sku: 'C-3', qty: 5 },
    ],
  },
  params: { reviewThreshold: 500 },
}) as ExpressionContext;

function rate(evaluate: (rule: unknown) => unknown, seconds: number): number {
  let count = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  while (performance.now() < deadline) {
    for (const rule of rules) evaluate(rule);
    count += rules.length;
  }
  return count / ((performance.now() - started) / 1000);
}

/** Prints hardened json-logic evaluations/s next to plain json-logic-js. */
export function benchExpressions(seconds: number): void {
  const plain = pristineJsonLogic();
  const hardened = (rule: unknown) => evaluateExpression(rule, context);
  const baseline = (rule: unknown): unknown => plain.apply(rule as jsonLogicModule.RulesLogic, context) as unknown;
  for (const rule of rules) {
    if (JSON.stringify(hardened(rule)) !== JSON.stringify(baseline(rule))) throw new Error(`results differ for ${JSON.stringify(rule)}`);
  }
  // Alternate short rounds and keep the median of each, so drift in machine speed hits both alike.
  const plainRates: number[] = [];
  const hardenedRates: number[] = [];
  const rounds = 7;
  for (let round = 0; round < rounds; round++) {
    plainRates.push(rate(baseline, seconds / rounds));
    hardenedRates.push(rate(hardened, seconds / rounds));
  }
  const plainRate = quantile(plainRates, 0.5);
  const hardenedRate = quantile(hardenedRates, 0.5);
  const cost = plainRate / hardenedRate;
  console.log('\nExpressions: 8 typical rules (comparisons, and/in/cat/if/missing, map/reduce/some over order lines)');
  console.log(`  hardened evaluator: ${format(hardenedRate).padStart(10)} evaluations/s`);
  console.log(`  plain json-logic-js: ${format(plainRate).padStart(9)} evaluations/s`);
  console.log(`  cost of hardening: ${format(cost, 2)}x (target < 1.5x: ${verdict(cost < 1.5)})`);
}
