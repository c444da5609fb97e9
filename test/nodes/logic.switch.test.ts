import { describe, expect, it } from 'vitest';
import { outputPorts } from '../../runtime/definition/index.js';
import { execute } from '../../nodes/logic.switch/execute.js';
import { spec } from '../../nodes/logic.switch/spec.js';
import { issueMessages, issuePaths } from './config-issues.js';
import { fakeContext } from './fake-context.js';

const input = { channel: 'b2b', total: 1200 };

async function run(config: unknown) {
  return execute(fakeContext(), spec.config.parse(config), input);
}

describe('logic.switch', () => {
  it('has default and error ports plus one port per case', () => {
    const config = spec.config.parse({
      cases: [{ port: 'big', label: 'Big order', rule: false }, { port: 'small', rule: true }],
    });
    expect(outputPorts(spec, config)).toEqual([
      { name: 'default', label: 'Default' },
      { name: 'error', label: 'Error' },
      { name: 'big', label: 'Big order' },
      { name: 'small', label: 'small' },
    ]);
  });

  it('defaults to the first matching case', () => {
    expect(spec.config.parse({ cases: [{ port: 'a', rule: true }] })).toEqual({
      cases: [{ port: 'a', rule: true }],
      mode: 'first',
    });
  });

  it('needs 1 to 50 cases', () => {
    expect(issuePaths(spec.config, { cases: [] })).toEqual([['cases']]);
    const many = Array.from({ length: 51 }, (_, index) => ({ port: `p${index}`, rule: true }));
    expect(issuePaths(spec.config, { cases: many })).toEqual([['cases']]);
    expect(issuePaths(spec.config, { cases: many.slice(0, 50) })).toEqual([]);
  });

  it('checks port names at their path', () => {
    for (const port of ['', '1st', 'has space', 'dot.ted', 'x'.repeat(65)]) {
      expect(issuePaths(spec.config, { cases: [{ port: 'ok', rule: 1 }, { port, rule: 1 }] }), port).toEqual([
        ['cases', 1, 'port'],
      ]);
    }
    expect(issuePaths(spec.config, { cases: [{ port: '_a-B_9', rule: 1 }] })).toEqual([]);
  });

  it('reports a duplicate port at the later case', () => {
    const config = { cases: [{ port: 'a', rule: 1 }, { port: 'b', rule: 1 }, { port: 'a', rule: 1 }] };
    expect(issuePaths(spec.config, config)).toEqual([['cases', 2, 'port']]);
    expect(issueMessages(spec.config, config)[0]).toMatch(/"a".*unique/);
  });

  it('refuses the built-in port names', () => {
    expect(issuePaths(spec.config, { cases: [{ port: 'default', rule: 1 }, { port: 'error', rule: 1 }] })).toEqual([
      ['cases', 0, 'port'],
      ['cases', 1, 'port'],
    ]);
  });

  it('refuses cases without a rule and unknown keys', () => {
    expect(issuePaths(spec.config, { cases: [{ port: 'a' }] })).toEqual([['cases', 0, 'rule']]);
    expect(issuePaths(spec.config, { cases: [{ port: 'a', rule: 1, when: 2 }] })).toEqual([['cases', 0]]);
    expect(issuePaths(spec.config, { cases: [{ port: 'a', rule: 1 }], mode: 'any' })).toEqual([['mode']]);
  });

  const cases = [
    { port: 'retail', rule: false },
    { port: 'b2b', rule: true },
    { port: 'vip', rule: 'yes' },
  ];

  it('first mode: the first truthy case', async () => {
    expect(await run({ cases })).toEqual({ output: input, port: 'b2b' });
  });

  it('all mode: every truthy case, in order', async () => {
    expect(await run({ cases, mode: 'all' })).toEqual({ output: input, port: ['b2b', 'vip'] });
  });

  it('goes to default when nothing matches, in both modes', async () => {
    const none = [{ port: 'a', rule: [] }, { port: 'b', rule: 0 }];
    expect(await run({ cases: none })).toEqual({ output: input, port: 'default' });
    expect(await run({ cases: none, mode: 'all' })).toEqual({ output: input, port: 'default' });
  });
});
