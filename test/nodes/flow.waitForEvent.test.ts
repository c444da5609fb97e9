import { describe, expect, it } from 'vitest';
import { fieldHints } from '../../runtime/definition/index.js';
import { evaluateExpression } from '../../runtime/expressions/index.js';
import { execute } from '../../nodes/flow.waitForEvent/execute.js';
import { spec } from '../../nodes/flow.waitForEvent/spec.js';
import { issuePaths } from './config-issues.js';
import { FAKE_NOW, fakeContext } from './fake-context.js';
import { savedConfigProblems } from './saved-config.js';

const input = { id: 'A-1001', status: 'awaiting payment' };

async function run(config: unknown, ctx = fakeContext()) {
  return execute(ctx, spec.config.parse(config), input);
}

describe('flow.waitForEvent', () => {
  it('continues on received or timeout, with an error port and no side effects', () => {
    expect(spec.category).toBe('flow');
    expect(spec.icon).toBe('radio');
    expect(spec.ports.outputs.map((port) => port.name)).toEqual(['received', 'timeout', 'error']);
    expect(spec.sideEffects).toBe(false);
  });

  it('marks the correlation key as an expression and says events are not buffered', () => {
    expect(fieldHints(spec.config.shape.correlationKey)).toMatchObject({ expression: true, widget: 'jsonLogic' });
    expect(spec.description).toMatch(/already waiting for its key when it arrives/);
    expect(spec.description).toMatch(/not kept/);
  });

  it('needs a correlation key of 1 to 500 characters', () => {
    expect(issuePaths(spec.config, {})).toEqual([['correlationKey']]);
    expect(issuePaths(spec.config, { correlationKey: '' })).toEqual([['correlationKey']]);
    expect(issuePaths(spec.config, { correlationKey: 'k'.repeat(501) })).toEqual([['correlationKey']]);
    expect(issuePaths(spec.config, { correlationKey: 'k'.repeat(500) })).toEqual([]);
    expect(issuePaths(spec.config, { correlationKey: 42 })).toEqual([['correlationKey']]);
  });

  it('checks the timeout range', () => {
    for (const timeoutSeconds of [0, 31_536_001, 0.5, null]) {
      expect(issuePaths(spec.config, { correlationKey: 'k', timeoutSeconds }), String(timeoutSeconds)).toEqual([
        ['timeoutSeconds'],
      ]);
    }
    expect(issuePaths(spec.config, { correlationKey: 'k', timeoutSeconds: 31_536_000 })).toEqual([]);
    expect(issuePaths(spec.config, { correlationKey: 'k', timeout: 5 })).toEqual([[]]);
  });

  it('accepts a json-logic key in a saved definition', () => {
    const correlationKey = { cat: ['order:', { var: 'input.id' }] };
    expect(savedConfigProblems('flow.waitForEvent', { correlationKey, timeoutSeconds: 3600 })).toEqual([]);
    expect(savedConfigProblems('flow.waitForEvent', { correlationKey, timeoutSeconds: 0 })).toEqual(['config timeoutSeconds']);
  });

  it('waits for the evaluated key without a timeout', async () => {
    const correlationKey = evaluateExpression({ cat: ['order:', { var: 'input.id' }] }, { input });
    expect(await run({ correlationKey })).toEqual({
      wait: { kind: 'event', correlationKey: 'order:A-1001', timeoutAt: null },
    });
  });

  it('sets the timeout from the clock', async () => {
    expect(await run({ correlationKey: 'payment:77', timeoutSeconds: 86_400 })).toEqual({
      wait: { kind: 'event', correlationKey: 'payment:77', timeoutAt: FAKE_NOW.getTime() + 86_400_000 },
    });
    const now = new Date('2031-01-01T00:00:00.000Z');
    expect(await run({ correlationKey: 'k', timeoutSeconds: 1 }, fakeContext({ now }))).toEqual({
      wait: { kind: 'event', correlationKey: 'k', timeoutAt: now.getTime() + 1000 },
    });
  });
});
