import { describe, expect, it } from 'vitest';
import { fieldHints } from '../../runtime/definition/index.js';
import { execute } from '../../nodes/trigger.manual/execute.js';
import { spec } from '../../nodes/trigger.manual/spec.js';
import { issuePaths } from './config-issues.js';
import { fakeContext } from './fake-context.js';

describe('trigger.manual', () => {
  it('is a trigger: no inputs, one output, no side effects', () => {
    expect(spec.category).toBe('trigger');
    expect(spec.ports.inputs).toEqual([]);
    expect(spec.ports.outputs.map((port) => port.name)).toEqual(['out']);
    expect(spec.sideEffects).toBe(false);
  });

  it('accepts an empty config and any JSON sample input', () => {
    expect(spec.config.parse({})).toEqual({});
    expect(spec.config.parse({ sampleInput: { order: { id: 7, lines: [1, 2] } } })).toEqual({
      sampleInput: { order: { id: 7, lines: [1, 2] } },
    });
    expect(spec.config.parse({ sampleInput: null })).toEqual({ sampleInput: null });
  });

  it('rejects unknown keys and non-JSON sample input', () => {
    expect(issuePaths(spec.config, { sample: 1 })).toEqual([[]]);
    expect(issuePaths(spec.config, { sampleInput: { when: new Date(0) } })).toEqual([['sampleInput']]);
  });

  it('labels the sample input for the designer', () => {
    const hints = fieldHints(spec.config.shape.sampleInput);
    expect(hints).toMatchObject({ label: 'Sample input', widget: 'json' });
    expect(hints.help).toMatch(/test runs/);
  });

  it('outputs the run input unchanged on the default port', async () => {
    const input = { order: { id: 'A-1', total: 12.5 } };
    const outcome = await execute(fakeContext(), spec.config.parse({}), input);
    expect(outcome).toEqual({ output: input });
    expect(outcome.output).toBe(input);
  });
});
