import { describe, expect, it } from 'vitest';
import { fieldHints } from '../../runtime/definition/index.js';
import { evaluateExpression } from '../../runtime/expressions/index.js';
import { execute } from '../../nodes/logic.condition/execute.js';
import { spec } from '../../nodes/logic.condition/spec.js';
import { issuePaths } from './config-issues.js';
import { fakeContext } from './fake-context.js';

const input = { total: 750, country: 'DE' };

async function run(rule: unknown) {
  return execute(fakeContext(), spec.config.parse({ rule }), input);
}

describe('logic.condition', () => {
  it('has the ports true, false and error', () => {
    expect(spec.ports.inputs.map((port) => port.name)).toEqual(['in']);
    expect(spec.ports.outputs.map((port) => port.name)).toEqual(['true', 'false', 'error']);
  });

  it('marks the rule as a json-logic expression', () => {
    expect(fieldHints(spec.config.shape.rule)).toMatchObject({ expression: true, widget: 'jsonLogic', label: 'Condition' });
  });

  it('requires a rule and nothing else', () => {
    expect(issuePaths(spec.config, {})).toEqual([['rule']]);
    expect(issuePaths(spec.config, { rule: true, other: 1 })).toEqual([[]]);
    expect(issuePaths(spec.config, { rule: { '>': [{ var: 'input.total' }, 500] } })).toEqual([]);
  });

  it('routes to "true" when the evaluated rule is truthy, passing the input through', async () => {
    const resolved = evaluateExpression({ '>': [{ var: 'input.total' }, 500] }, { input });
    const outcome = await run(resolved);
    expect(outcome).toEqual({ output: input, port: 'true' });
    expect(outcome.output).toBe(input);
  });

  it('routes to "false" otherwise', async () => {
    const resolved = evaluateExpression({ '==': [{ var: 'input.country' }, 'FR'] }, { input });
    expect(await run(resolved)).toEqual({ output: input, port: 'false' });
  });

  it('uses json-logic truthiness (an empty array is false)', async () => {
    const cases: [unknown, string][] = [
      [true, 'true'], [1, 'true'], ['no', 'true'], [{}, 'true'], [[0], 'true'],
      [false, 'false'], [0, 'false'], ['', 'false'], [null, 'false'], [[], 'false'],
    ];
    for (const [rule, port] of cases) {
      expect((await run(rule)).port, JSON.stringify(rule)).toBe(port);
    }
  });
});
