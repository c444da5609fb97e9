import { describe, expect, it } from 'vitest';
import type { Problem } from '../../designer/src/app/api-types.js';
import { assignProblems, fieldFor, problemField, workflowField } from '../../designer/src/editor/model/field-problems.js';

const problem = (path: string, extra: Partial<Problem> = {}): Problem => ({ code: 'config', path, message: `at ${path}`, nodeId: 'n', ...extra });

describe('problems next to their fields', () => {
  it('reads the place inside the node from the formatted path', () => {
    expect(problemField(problem('nodes[3].config.url'))).toBe('config.url');
    expect(problemField(problem('nodes[12]["weird key"]'))).toBe('["weird key"]');
    expect(problemField(problem('nodes[3]'))).toBeUndefined();
    expect(problemField(problem('edges[0].target'))).toBeUndefined();
  });

  it('reads workflow-level places only outside nodes and edges', () => {
    expect(workflowField({ path: 'params[0].name' })).toBe('params[0].name');
    expect(workflowField({ path: 'nodes' })).toBeUndefined();
    expect(workflowField({ path: 'nodes[1].name', nodeId: 'x' })).toBeUndefined();
    expect(workflowField({ path: '$' })).toBeUndefined();
  });

  it('gives each problem to the deepest shown field that holds it, the rest to the node', () => {
    const fields = ['name', 'config.cases', 'config.cases[0]', 'config.cases[0].rule', 'config.cases[1]', 'config.mode'];
    const assigned = assignProblems(
      [problem('nodes[1].config.cases[0].rule.and[0]'), problem('nodes[1].config.cases'), problem('nodes[1].config.cases[10].port'), problem('nodes[1]'), problem('nodes[1].config.modeX')],
      fields,
    );
    expect([...assigned].map(([field, list]) => [field, list.map((entry) => entry.path)])).toEqual([
      ['config.cases[0].rule', ['nodes[1].config.cases[0].rule.and[0]']],
      ['config.cases', ['nodes[1].config.cases', 'nodes[1].config.cases[10].port']],
      ['', ['nodes[1]', 'nodes[1].config.modeX']],
    ]);
  });

  it('finds the field to focus for a path, never a field that only shares a prefix', () => {
    expect(fieldFor('config.cases[1].port', ['config.cases', 'config.cases[1]', 'config.cases[1].port'])).toBe('config.cases[1].port');
    expect(fieldFor('config.urlx', ['config.url'])).toBeUndefined();
  });
});
