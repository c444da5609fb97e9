import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPath, validateWorkflow, type JsonValue, type ValidationProblem } from '../../../runtime/definition/index.js';
import { nodeCatalog } from '../../../nodes/catalog.js';
import { workflow } from '../../support/definitions.js';

const valid = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    { id: 'big', type: 'logic.condition', config: { rule: { '>': [{ var: 'input.total' }, { var: 'params.threshold' }] } } },
    { id: 'review', type: 'data.transform', config: { fields: { status: 'review', total: { var: 'nodes.start.total' } } } },
    { id: 'auto', type: 'data.transform', config: { fields: { status: 'auto' } } },
  ],
  [
    ['start', 'out', 'big'],
    ['big', 'true', 'review'],
    ['big', 'false', 'auto'],
  ],
  { params: [{ name: 'threshold', type: 'number', default: 500 }] },
);

function summary(problems: readonly ValidationProblem[]): string[] {
  return problems.map((problem) => `${problem.code} ${formatPath(problem.path)}`);
}

describe('validateWorkflow', () => {
  it('accepts a valid workflow', () => {
    expect(validateWorkflow(valid, nodeCatalog)).toEqual([]);
  });

  it('refuses what is not a workflow object, with a schema problem at the root', () => {
    expect(summary(validateWorkflow(42, nodeCatalog))).toEqual(['schema $']);
    expect(summary(validateWorkflow({ schemaVersion: 1, name: 'x' }, nodeCatalog))).toEqual(['schema nodes']);
  });

  it('reports every problem at once, each with its path and node or edge id', () => {
    const broken = {
      ...valid,
      name: '',
      nodes: [
        ...valid.nodes,
        { id: 'big', type: 'data.transform', version: 1, name: 'dup', position: { x: 0, y: 0 }, config: { fields: {} } },
        { id: 'ghost', type: 'acme.unknown', version: 1, name: 'Ghost', position: { x: 0, y: 0 }, config: {} },
        { id: 'old', type: 'logic.condition', version: 9, name: 'Old', position: { x: 0, y: 0 }, config: {} },
        { id: 'badcfg', type: 'connector.http', version: 1, name: 'Bad config', position: { x: 0, y: 0 }, config: { method: 'FETCH', url: 'https://example.test' } },
        { id: 'nopos', type: 'trigger.manual', version: 1, name: 'No position', config: {} },
      ],
      edges: [
        ...valid.edges,
        { id: 'e9', source: 'start', sourcePort: 'out', target: 'nowhere', targetPort: 'in' },
        { id: 'e10', source: 'big', sourcePort: 'maybe', target: 'auto', targetPort: 'in' },
        { id: 'e11', source: 'auto', sourcePort: 'out', target: 'start', targetPort: 'in' },
        { id: 'e1', source: 'start', sourcePort: 'out', target: 'auto', targetPort: 'in' },
      ],
    };
    const problems = validateWorkflow(broken, nodeCatalog);
    expect(summary(problems)).toEqual([
      'schema name',
      'duplicate-id nodes[4].id',
      'unknown-node-type nodes[5].type',
      'unknown-node-type nodes[6].version',
      'config nodes[7].config.method',
      'schema nodes[8].position',
      'dangling-edge edges[3].target',
      'unknown-port edges[4].sourcePort',
      'unknown-port edges[5].targetPort',
      'duplicate-id edges[6].id',
      'unreachable nodes[5]',
      'unreachable nodes[6]',
      'unreachable nodes[7]',
    ]);
    expect(problems.find((problem) => problem.code === 'unknown-port' && problem.edgeId === 'e10')?.message).toBe(
      'node "big" has no output port "maybe" (it has "true", "false", "error")',
    );
    expect(problems.find((problem) => problem.code === 'config')).toMatchObject({ nodeId: 'badcfg' });
    expect(problems.find((problem) => problem.path[0] === 'nodes' && problem.path[1] === 8)).toMatchObject({
      nodeId: 'nopos',
      message: 'is required (object)',
    });
  });

  it('finds cycles and names the nodes on them', () => {
    const looped = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'a', type: 'data.transform', config: { fields: {} } },
        { id: 'b', type: 'data.transform', config: { fields: {} } },
        { id: 'c', type: 'data.transform', config: { fields: {} } },
      ],
      [
        ['start', 'out', 'a'],
        ['a', 'out', 'b'],
        ['b', 'out', 'c'],
        ['c', 'out', 'a'],
      ],
    );
    const problems = validateWorkflow(looped, nodeCatalog);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'cycle', edgeId: 'e4' });
    expect(problems[0]?.message).toContain('"a" → "b" → "c" → "a"');
  });

  it('reports a self-loop as a cycle', () => {
    const selfLoop = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'a', type: 'data.transform', config: { fields: {} } },
      ],
      [
        ['start', 'out', 'a'],
        ['a', 'out', 'a'],
      ],
    );
    expect(summary(validateWorkflow(selfLoop, nodeCatalog))).toEqual(['cycle nodes[1]']);
  });

  it('requires a trigger and reports nodes no trigger reaches', () => {
    const noTrigger = workflow([{ id: 'a', type: 'data.transform', config: { fields: {} } }], []);
    expect(summary(validateWorkflow(noTrigger, nodeCatalog))).toEqual(['no-trigger nodes']);
    const island = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'a', type: 'data.transform', config: { fields: {} } },
        { id: 'b', type: 'data.transform', config: { fields: {} } },
      ],
      [['start', 'out', 'a']],
    );
    expect(validateWorkflow(island, nodeCatalog)).toEqual([
      expect.objectContaining({ code: 'unreachable', nodeId: 'b', path: ['nodes', 2] }),
    ]);
  });

  it('checks every expression: operators, data paths, budgets, node and param references', () => {
    const expressions = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'cond', type: 'logic.condition', config: { rule: { and: [true, { method: ['x', 'toString'] }] } } },
        {
          id: 'map',
          type: 'data.transform',
          config: {
            fields: {
              proto: { var: 'input.__proto__.polluted' },
              later: { var: 'nodes.after.total' },
              missingNode: { var: 'nodes.nobody' },
              missingParam: { var: 'params.limit' },
            },
          },
        },
        { id: 'after', type: 'data.transform', config: { fields: {} } },
      ],
      [
        ['start', 'out', 'cond'],
        ['cond', 'true', 'map'],
        ['map', 'out', 'after'],
      ],
    );
    const problems = validateWorkflow(expressions, nodeCatalog);
    expect(problems.map((problem) => [problem.code, formatPath(problem.path), problem.nodeId])).toEqual([
      ['expression', 'nodes[1].config.rule.and[1].method', 'cond'],
      ['expression', 'nodes[2].config.fields.proto.var', 'map'],
      ['expression', 'nodes[2].config.fields.later', 'map'],
      ['expression', 'nodes[2].config.fields.missingNode', 'map'],
      ['expression', 'nodes[2].config.fields.missingParam', 'map'],
    ]);
    expect(problems.map((problem) => problem.message)).toEqual([
      'unknown or disallowed operator "method"',
      'the data path "input.__proto__.polluted" uses "__proto__", which is not allowed',
      '"nodes.after.total" refers to node "after", which does not run before this node',
      '"nodes.nobody" refers to node "nobody", which does not exist',
      '"params.limit" refers to param "limit", which is not declared',
    ]);
  });

  it('accepts json-logic where the config expects another type, but checks literals against it', () => {
    const http = (url: JsonValue) =>
      workflow(
        [
          { id: 'start', type: 'trigger.manual' },
          { id: 'call', type: 'connector.http', config: { url } },
        ],
        [['start', 'out', 'call']],
      );
    expect(validateWorkflow(http({ cat: ['https://api.example.test/orders/', { var: 'input.id' }] }), nodeCatalog)).toEqual([]);
    expect(summary(validateWorkflow(http(42), nodeCatalog))).toEqual(['config nodes[1].config.url']);
  });

  it('validates switch ports that come from the config', () => {
    const routed = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'route', type: 'logic.switch', config: { cases: [{ port: 'eu', rule: { '==': [{ var: 'input.region' }, 'eu'] } }] } },
        { id: 'eu', type: 'data.transform', config: { fields: {} } },
        { id: 'us', type: 'data.transform', config: { fields: {} } },
      ],
      [
        ['start', 'out', 'route'],
        ['route', 'eu', 'eu'],
        ['route', 'us', 'us'],
      ],
    );
    expect(summary(validateWorkflow(routed, nodeCatalog))).toEqual([
      'unknown-port edges[2].sourcePort',
      'unreachable nodes[3]',
    ]);
  });

  it('checks the business key of the settings as json-logic over the input and params only', () => {
    const keyed = (businessKey: JsonValue) => workflow([{ id: 'start', type: 'trigger.manual' }], [], { params: [{ name: 'prefix', type: 'string' }], settings: { businessKey } });
    expect(validateWorkflow(keyed({ cat: [{ var: 'params.prefix' }, { var: 'input.orderNumber' }] }), nodeCatalog)).toEqual([]);
    expect(validateWorkflow(keyed('fixed'), nodeCatalog)).toEqual([]);
    expect(summary(validateWorkflow(keyed({ method: ['x', 'toString'] }), nodeCatalog))).toEqual(['expression settings.businessKey.method']);
    const problems = validateWorkflow(keyed({ cat: [{ var: 'nodes.start.id' }, { var: 'params.missing' }] }), nodeCatalog);
    expect(problems.map((problem) => [formatPath(problem.path), problem.message])).toEqual([
      ['settings.businessKey', expect.stringContaining('param "missing", which is not declared')],
      ['settings.businessKey', expect.stringContaining('from its input and params only')],
    ]);
  });

  it('checks params: duplicates and defaults of the wrong type', () => {
    const params = workflow([{ id: 'start', type: 'trigger.manual' }], [], {
      params: [
        { name: 'limit', type: 'number', default: 'ten' },
        { name: 'limit', type: 'string' },
      ],
    });
    expect(summary(validateWorkflow(params, nodeCatalog))).toEqual(['schema params[0].default', 'duplicate-id params[1].name']);
  });

  it('checks params with choices: each choice of the param\'s type, the default among them', () => {
    const params = workflow([{ id: 'start', type: 'trigger.manual' }], [], {
      params: [
        { name: 'region', type: 'string', enum: ['eu', 'us'], default: 'apac' },
        { name: 'level', type: 'number', enum: [1, 'two'] },
        { name: 'mode', type: 'string', enum: ['fast', 'safe'], default: 'safe' },
      ],
    });
    expect(summary(validateWorkflow(params, nodeCatalog))).toEqual(['schema params[0].default', 'schema params[1].enum[1]']);
  });

  it('stays fast and complete on a 1,000-node workflow', () => {
    const nodes = [{ id: 'start', type: 'trigger.manual' }];
    const edges: [string, string, string][] = [];
    for (let index = 0; index < 999; index++) {
      nodes.push({ id: `n${index}`, type: 'data.transform', config: { fields: { v: { var: 'input.v' } } } } as never);
      edges.push([index === 0 ? 'start' : `n${index - 1}`, 'out', `n${index}`]);
    }
    expect(validateWorkflow(workflow(nodes, edges), nodeCatalog)).toEqual([]);
  });
});

describe('validateWorkflow on data that is not plain JSON', () => {
  it('refuses a __proto__ key anywhere, which zod would silently drop', () => {
    const text = JSON.stringify(valid).replace('"fields":{"status":"auto"}', '"fields":{"status":"auto","__proto__":{"x":1}}');
    const problems = validateWorkflow(JSON.parse(text), nodeCatalog);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'schema', path: ['nodes', 3, 'config', 'fields'] });
    expect(problems[0]?.message).toContain('the key "__proto__" is not allowed');
  });

  it('refuses reserved words as ids', () => {
    const reserved = workflow([{ id: 'constructor', type: 'trigger.manual' }], []);
    expect(summary(validateWorkflow(reserved, nodeCatalog))).toEqual(['schema nodes[0].id']);
  });
});

describe('validateWorkflow config messages', () => {
  it('says a missing required field "is required", whatever its type', () => {
    const missing = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'cond', type: 'logic.condition', config: {} },
      ],
      [['start', 'out', 'cond']],
    );
    expect(validateWorkflow(missing, nodeCatalog)).toEqual([
      { code: 'config', path: ['nodes', 1, 'config', 'rule'], message: 'is required', nodeId: 'cond' },
    ]);
  });
});

describe('validateWorkflow with a node that has schema problems', () => {
  const withoutName = (definition: ReturnType<typeof workflow>, nodeId: string) => ({
    ...definition,
    nodes: definition.nodes.map((node) => (node.id === nodeId ? Object.fromEntries(Object.entries(node).filter(([key]) => key !== 'name')) : node)),
  });

  it('keeps the node for the edge checks: an edge to it is not "to a node which does not exist"', () => {
    const broken = withoutName(valid, 'review');
    expect(summary(validateWorkflow(broken, nodeCatalog))).toEqual(['schema nodes[2].name']);
  });

  it('still checks the ports of its edges when its type is known', () => {
    const broken = withoutName({ ...valid, edges: [...valid.edges, { id: 'e9', source: 'review', sourcePort: 'nope', target: 'auto', targetPort: 'in' }] }, 'review');
    expect(summary(validateWorkflow(broken, nodeCatalog))).toEqual(['schema nodes[2].name', 'unknown-port edges[3].sourcePort']);
  });

  it('still reports the cycle it is on', () => {
    const looped = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'a', type: 'data.transform', config: { fields: {} } },
        { id: 'b', type: 'data.transform', config: { fields: {} } },
      ],
      [
        ['start', 'out', 'a'],
        ['a', 'out', 'b'],
        ['b', 'out', 'a'],
      ],
    );
    const problems = validateWorkflow(withoutName(looped, 'b'), nodeCatalog);
    expect(summary(problems)).toEqual(['schema nodes[2].name', 'cycle nodes[1]']);
    expect(problems[1]?.message).toContain('"a" → "b" → "a"');
  });

  it('does not call expressions that read it "a node which does not exist"', () => {
    const reading = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'lookup', type: 'data.transform', config: { fields: {} } },
        { id: 'use', type: 'data.transform', config: { fields: { v: { var: 'nodes.lookup.v' } } } },
      ],
      [
        ['start', 'out', 'lookup'],
        ['lookup', 'out', 'use'],
      ],
    );
    expect(summary(validateWorkflow(withoutName(reading, 'lookup'), nodeCatalog))).toEqual(['schema nodes[1].name']);
  });

  it('leaves a node whose id no edge could name out of the graph (no "unreachable" on top of the bad id)', () => {
    const badId = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'bad id', type: 'data.transform', config: { fields: {} } },
      ],
      [],
    );
    expect(validateWorkflow(badId, nodeCatalog)).toEqual([expect.objectContaining({ code: 'schema', path: ['nodes', 1, 'id'], nodeId: 'bad id' })]);
  });

  it('says nothing of a missing trigger while the broken node may be it', () => {
    const onlyBrokenTrigger = withoutName(workflow([{ id: 'start', type: 'trigger.manual' }], []), 'start');
    expect(summary(validateWorkflow(onlyBrokenTrigger, nodeCatalog))).toEqual(['schema nodes[0].name']);
  });
});

describe('validateWorkflow on documents over their limits', () => {
  /** The valid workflow with `text` (raw JSON) as the condition's rule. */
  function withRule(text: string): unknown {
    return JSON.parse(JSON.stringify(valid).replace('{">":[{"var":"input.total"},{"var":"params.threshold"}]}', text)) as unknown;
  }

  it('reports a value 10,000 levels deep as one problem at its path, instead of overflowing the stack', () => {
    const problems = validateWorkflow(withRule(`${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`), nodeCatalog);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'schema' });
    expect(problems[0]?.path.slice(0, 5)).toEqual(['nodes', 1, 'config', 'rule', 'a']);
    expect(problems[0]?.message).toMatch(/^the definition is over its limits at nodes\[1\]\.config\.rule\.a.*: it is nested deeper than 100 levels$/);
  });

  it('reports an `if` nested 3,000 deep', () => {
    const problems = validateWorkflow(withRule(`${'{"if":['.repeat(3_000)}true${',1,2]}'.repeat(3_000)}`), nodeCatalog);
    expect(summary(problems)).toHaveLength(1);
    expect(problems[0]?.message).toContain('nested deeper than 100 levels');
  });

  it('reports an array literal of 150,000 items as over the 100,000 limit', () => {
    const problems = validateWorkflow(withRule(`{"in":[1,[${Array.from({ length: 150_000 }, () => '1').join(',')}]]}`), nodeCatalog);
    expect(problems).toEqual([
      {
        code: 'schema',
        path: ['nodes', 1, 'config', 'rule', 'in', 1],
        message: 'the definition is over its limits at nodes[1].config.rule.in[1]: an array has 150000 items; the limit is 100000',
      },
    ]);
  });

  it('reports a document larger than 5 MiB', () => {
    const large = { ...valid, description: 'x'.repeat(5 * 1024 * 1024) };
    expect(validateWorkflow(large, nodeCatalog)).toEqual([
      { code: 'schema', path: [], message: 'the definition is over its limits: it is larger than 5242880 bytes as JSON' },
    ]);
  });

  it('answers every JSON value with a list of problems, never an exception', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.jsonValue({ maxDepth: 6 }), (junk, config) => {
        expect(Array.isArray(validateWorkflow(junk, nodeCatalog))).toBe(true);
        const withJunk = { ...valid, nodes: [...valid.nodes, junk, { ...valid.nodes[1], id: 'x', config }], edges: [...valid.edges, junk] };
        expect(Array.isArray(validateWorkflow(withJunk, nodeCatalog))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
