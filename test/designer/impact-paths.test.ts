import { describe, expect, it } from 'vitest';
import { impactSummary, pathDecorations } from '../../designer/src/versions/model/impact-paths.js';
import type { WorkflowDefinition } from '../../runtime/definition/index.js';

const definition: WorkflowDefinition = {
  schemaVersion: 1,
  name: 'Orders',
  params: [],
  settings: {},
  nodes: [],
  edges: [
    { id: 'e1', source: 'received', sourcePort: 'out', target: 'large', targetPort: 'in' },
    { id: 'e2', source: 'large', sourcePort: 'true', target: 'review', targetPort: 'in' },
    { id: 'e3', source: 'large', sourcePort: 'false', target: 'queue', targetPort: 'in' },
    { id: 'e4', source: 'queue', sourcePort: 'out', target: 'answer', targetPort: 'in' },
  ],
};

describe('pathDecorations', () => {
  it('marks the nodes that ran and the connections the data took, through the ports it took', () => {
    const marks = pathDecorations(
      {
        status: 'succeeded',
        path: [
          { nodeId: 'received', ports: ['out'] },
          { nodeId: 'large', ports: ['false'] },
          { nodeId: 'queue', ports: ['out'] },
          { nodeId: 'answer', ports: [] },
        ],
        output: null,
        response: null,
        error: null,
      },
      definition,
    );
    expect([...marks.nodes.keys()]).toEqual(['received', 'large', 'queue', 'answer']);
    expect([...marks.edges.keys()]).toEqual(['e1', 'e3', 'e4']);
  });

  it('marks the node a failed run failed at', () => {
    const marks = pathDecorations(
      { status: 'failed', path: [{ nodeId: 'received', ports: ['out'] }, { nodeId: 'large', ports: [] }], output: null, response: null, error: { code: 'X', message: 'x', nodeId: 'large' } },
      definition,
    );
    expect(marks.nodes.get('large')).toEqual({ status: 'failed' });
    expect([...marks.edges.keys()]).toEqual(['e1']);
  });
});

describe('impactSummary', () => {
  it('says how many runs are unchanged and what happens to the others', () => {
    expect(impactSummary({ sampled: 50, notPreviewed: 0, summary: { same: 47, differentPath: 2, differentOutput: 1, failed: 0, sideEffectsChanged: 3 } })).toEqual({
      headline: '47 of 50 runs unchanged',
      details: ['2 runs would take another path', '1 run would give another output', '3 runs would send something else to connectors or approvers'],
    });
    expect(impactSummary({ sampled: 10, notPreviewed: 4, summary: { same: 6, differentPath: 0, differentOutput: 0, failed: 0, sideEffectsChanged: 0 } }).headline).toBe('6 of 6 runs unchanged');
    expect(impactSummary({ sampled: 0, notPreviewed: 0, summary: { same: 0, differentPath: 0, differentOutput: 0, failed: 0, sideEffectsChanged: 0 } }).headline).toBe(
      'No finished runs of the active version to replay yet',
    );
  });
});
