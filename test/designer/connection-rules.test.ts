import { describe, expect, it } from 'vitest';
import { WRONG_ENDS, checkConnection, type Attempt } from '../../designer/src/editor/model/connection-rules.js';
import { nodeCatalog } from '../../nodes/catalog.js';
import { flowEdge, flowNode } from './graph-fixtures.js';

const nodes = [
  flowNode('start', 'trigger.manual'),
  flowNode('check', 'logic.condition'),
  flowNode('a', 'data.transform'),
  flowNode('b', 'data.transform'),
  flowNode('route', 'logic.switch', { x: 0, y: 0 }, { cases: [{ port: 'vip', rule: true }] }),
];
const edges = [flowEdge('start', 'check'), flowEdge('check', 'a', 'true'), flowEdge('a', 'b')];

function attempt(source: string, sourceHandle: string, target: string, targetHandle = 'in'): Attempt {
  return { source, sourceHandle, target, targetHandle };
}

const check = (candidate: Attempt) => checkConnection(candidate, nodes, edges, nodeCatalog);

describe('checkConnection', () => {
  it('allows an output to an input', () => {
    expect(check(attempt('check', 'false', 'b'))).toEqual({ ok: true });
  });

  it('allows a port named by the config (a switch case)', () => {
    expect(check(attempt('route', 'vip', 'a'))).toEqual({ ok: true });
  });

  it('refuses a self-loop', () => {
    expect(check(attempt('a', 'out', 'a'))).toEqual({ ok: false, reason: 'a node cannot connect to itself' });
  });

  it('refuses a cycle', () => {
    const verdict = check(attempt('b', 'out', 'check'));
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.reason).toMatch(/loop/);
  });

  it('refuses unknown ports', () => {
    expect(check(attempt('check', 'maybe', 'b'))).toEqual({ ok: false, reason: '"check" has no output "maybe"' });
    expect(check(attempt('route', 'gold', 'b'))).toEqual({ ok: false, reason: '"route" has no output "gold"' });
    expect(check(attempt('check', 'false', 'b', 'other'))).toEqual({ ok: false, reason: '"b" has no input "other"' });
  });

  it('refuses a connection into a trigger', () => {
    expect(check(attempt('b', 'out', 'start'))).toEqual({ ok: false, reason: 'a trigger has no input' });
  });

  it('refuses a duplicate edge', () => {
    expect(check(attempt('check', 'true', 'a'))).toEqual({ ok: false, reason: 'these ports are already connected' });
  });

  it('refuses loose ends and missing nodes', () => {
    expect(check({ source: 'a', sourceHandle: 'out', target: null, targetHandle: null })).toEqual({ ok: false, reason: WRONG_ENDS });
    expect(check(attempt('a', 'out', 'ghost')).ok).toBe(false);
  });
});
