import { describe, expect, it } from 'vitest';
import { BLOCKING_CODES, decideJsonEdit } from '../../designer/src/editor/model/json-edit.js';
import { toDefinition, toFlow } from '../../designer/src/editor/model/flow-graph.js';
import { nodeCatalog } from '../../nodes/catalog.js';

const definition = {
  schemaVersion: 1,
  name: 'Order routing',
  params: [{ name: 'reviewThreshold', type: 'number', default: 500 }],
  settings: {},
  nodes: [
    { id: 'received', type: 'trigger.webhook', version: 1, name: 'Order received', position: { x: 0, y: 0 }, config: { path: 'orders' } },
    { id: 'big', type: 'logic.condition', version: 1, name: 'Large order?', position: { x: 240, y: 0 }, config: { rule: { '>': [{ var: 'input.total' }, { var: 'params.reviewThreshold' }] } } },
  ],
  edges: [{ id: 'e1', source: 'received', sourcePort: 'out', target: 'big', targetPort: 'in' }],
};

/** The canvas's JSON for a definition, as the JSON view computes it. */
function canvasJson(document: Record<string, unknown>): string {
  const flow = toFlow(document);
  return JSON.stringify(toDefinition(flow.meta, flow.nodes, flow.edges));
}

const current = canvasJson(definition);

function edited(change: (copy: typeof definition) => void): string {
  const copy = structuredClone(definition);
  change(copy);
  return JSON.stringify(copy, null, 2);
}

describe('the JSON view applies an edit or refuses it', () => {
  it('applies a valid edit', () => {
    const decision = decideJsonEdit(edited((copy) => (copy.name = 'Renamed')), current, nodeCatalog);
    expect(decision.kind).toBe('apply');
    if (decision.kind === 'apply') expect(decision.definition.name).toBe('Renamed');
  });

  it('applies edits with content problems, which the problems panel then lists', () => {
    const decision = decideJsonEdit(
      edited((copy) => {
        (copy.nodes[1] as { config: Record<string, unknown> }).config = { rule: { method: ['x'] } };
        copy.edges = [];
      }),
      current,
      nodeCatalog,
    );
    expect(decision.kind).toBe('apply');
    expect(decision.problems.map((problem) => problem.code).sort()).toEqual(['expression', 'unreachable']);
  });

  it('says "unchanged" for a formatting or key-order change, so nothing is recorded', () => {
    expect(decideJsonEdit(JSON.stringify(definition), current, nodeCatalog).kind).toBe('unchanged');
    const { nodes, edges, ...rest } = definition;
    expect(decideJsonEdit(JSON.stringify({ edges, nodes, ...rest }), current, nodeCatalog).kind).toBe('unchanged');
  });

  it('refuses text that is not JSON or not an object', () => {
    const broken = decideJsonEdit('{"schemaVersion": 1,', current, nodeCatalog);
    expect(broken).toMatchObject({ kind: 'refuse', problems: [] });
    if (broken.kind === 'refuse') expect(broken.reason).toMatch(/^Not applied: the text is not valid JSON/);
    expect(decideJsonEdit('[]', current, nodeCatalog)).toMatchObject({ kind: 'refuse', reason: 'Not applied: a workflow definition is a JSON object.' });
  });

  it.each([
    ['a node without a position (format)', (copy: typeof definition) => delete (copy.nodes[0] as Partial<(typeof definition.nodes)[0]>).position, 'schema', 'nodes[0].position'],
    ['an unknown property (format)', (copy: typeof definition) => Object.assign(copy.nodes[0] as object, { nmae: 'x' }), 'schema', 'nodes[0]'],
    ['a duplicate node id', (copy: typeof definition) => ((copy.nodes[1] as { id: string }).id = 'received'), 'duplicate-id', 'nodes[1].id'],
    ['an edge to a node that does not exist', (copy: typeof definition) => ((copy.edges[0] as { target: string }).target = 'gone'), 'dangling-edge', 'edges[0].target'],
    ['an edge from a port that does not exist', (copy: typeof definition) => ((copy.edges[0] as { sourcePort: string }).sourcePort = 'nope'), 'unknown-port', 'edges[0].sourcePort'],
    ['an unknown node type', (copy: typeof definition) => ((copy.nodes[1] as { type: string }).type = 'logic.conditon'), 'unknown-node-type', 'nodes[1].type'],
  ])('refuses %s, naming the first problem', (_name, change, code, path) => {
    const decision = decideJsonEdit(edited(change), current, nodeCatalog);
    expect(decision.kind).toBe('refuse');
    expect(BLOCKING_CODES.has(code as never)).toBe(true);
    expect(decision.problems.some((problem) => problem.code === code)).toBe(true);
    if (decision.kind === 'refuse') expect(decision.reason).toContain(`Not applied: ${path}:`);
  });
});
