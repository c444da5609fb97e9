import type { NodeChange } from '@xyflow/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { copySelection } from '../../designer/src/editor/model/clipboard.js';
import type { FlowNode } from '../../designer/src/editor/model/flow-graph.js';
import { createEditorStore, type EditorStore } from '../../designer/src/editor/store/editor-store.js';
import type { WorkflowDefinition } from '../../runtime/definition/index.js';

let store: EditorStore = createEditorStore();
const history = () => store.temporal.getState();
const beginGesture = () => store.history.beginGesture();
const endGesture = () => store.history.endGesture();
const undo = () => store.history.undo();
const redo = () => store.history.redo();

const definition: WorkflowDefinition = {
  schemaVersion: 1,
  name: 'Store test',
  params: [],
  settings: {},
  nodes: [
    { id: 'start', type: 'trigger.manual', version: 1, name: 'Start', position: { x: 0, y: 0 }, config: {} },
    { id: 'check', type: 'logic.condition', version: 1, name: 'Check', position: { x: 260, y: 0 }, config: { rule: true } },
    { id: 'done', type: 'data.transform', version: 1, name: 'Done', position: { x: 520, y: 0 }, config: { fields: {} } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourcePort: 'out', target: 'check', targetPort: 'in' },
    { id: 'e2', source: 'check', sourcePort: 'true', target: 'done', targetPort: 'in' },
  ],
};

const node = (id: string): FlowNode | undefined => store.getState().nodes.find((candidate) => candidate.id === id);
const ids = () => store.getState().nodes.map((candidate) => candidate.id);

beforeEach(() => {
  store = createEditorStore();
  store.getState().replaceAll(definition);
  store.history.reset();
});

describe('graph edits', () => {
  it('adds a node of the newest version, selected alone, with a fresh id', () => {
    store.getState().selectNode('check');
    const id = store.getState().addNode('logic.condition', { x: 10, y: 20 });
    expect(id).toBe('condition');
    expect(node('condition')).toMatchObject({ position: { x: 10, y: 20 }, selected: true, data: { type: 'logic.condition', version: 1, name: 'Condition', config: {} } });
    expect(node('check')?.selected).toBe(false);
    expect(store.getState().addNode('logic.condition', { x: 0, y: 0 })).toBe('condition_2');
  });

  it('adds nothing for an unknown type', () => {
    expect(store.getState().addNode('no.such', { x: 0, y: 0 })).toBeUndefined();
    expect(ids()).toEqual(['start', 'check', 'done']);
  });

  it('connects ports and says why a connection is refused', () => {
    const connect = store.getState().connect;
    expect(connect({ source: 'check', sourceHandle: 'false', target: 'done', targetHandle: 'in' })).toEqual({ ok: true });
    expect(store.getState().edges).toHaveLength(3);
    expect(connect({ source: 'done', sourceHandle: 'out', target: 'done', targetHandle: 'in' })).toEqual({ ok: false, reason: 'a node cannot connect to itself' });
    expect(connect({ source: 'done', sourceHandle: 'out', target: 'check', targetHandle: 'in' })).toMatchObject({ ok: false, reason: expect.stringMatching(/loop/) as unknown });
    expect(connect({ source: 'done', sourceHandle: 'out', target: 'start', targetHandle: 'in' })).toEqual({ ok: false, reason: 'a trigger has no input' });
    expect(connect({ source: 'check', sourceHandle: 'true', target: 'done', targetHandle: 'in' })).toEqual({ ok: false, reason: 'these ports are already connected' });
    expect(connect({ source: 'check', sourceHandle: 'maybe', target: 'done', targetHandle: 'in' })).toEqual({ ok: false, reason: '"Check" has no output "maybe"' });
    expect(store.getState().edges).toHaveLength(3);
  });

  it('deletes the selected nodes with every edge attached to them', () => {
    store.getState().selectNode('check');
    store.getState().deleteSelected();
    expect(ids()).toEqual(['start', 'done']);
    expect(store.getState().edges).toEqual([]);
  });

  it('deletes a selected edge alone', () => {
    store.getState().onEdgesChange([{ type: 'select', id: 'e2', selected: true }]);
    store.getState().deleteSelected();
    expect(ids()).toEqual(['start', 'check', 'done']);
    expect(store.getState().edges.map((edge) => edge.id)).toEqual(['e1']);
  });

  it('selects everything', () => {
    store.getState().selectAll();
    expect(store.getState().nodes.every((candidate) => candidate.selected)).toBe(true);
    expect(store.getState().edges.every((edge) => edge.selected)).toBe(true);
  });

  it('pastes copies with fresh ids, shifted, and selects only them', () => {
    store.getState().onNodesChange([
      { type: 'select', id: 'check', selected: true },
      { type: 'select', id: 'done', selected: true },
    ]);
    const payload = copySelection(store.getState().nodes, store.getState().edges);
    if (!payload) throw new Error('nothing copied');
    store.getState().paste(payload, { x: 0, y: 100 });
    expect(ids()).toEqual(['start', 'check', 'done', 'check_2', 'done_2']);
    expect(node('check_2')?.position).toEqual({ x: 260, y: 100 });
    expect(store.getState().nodes.filter((candidate) => candidate.selected).map((candidate) => candidate.id)).toEqual(['check_2', 'done_2']);
    const pastedEdge = store.getState().edges.at(-1);
    expect(pastedEdge).toMatchObject({ source: 'check_2', target: 'done_2', sourceHandle: 'true', targetHandle: 'in' });
    expect(store.getState().edges.map((edge) => edge.id)).not.toContain(undefined);
  });
});

describe('undo and redo', () => {
  it('undoes and redoes an added node', () => {
    store.getState().addNode('data.transform', { x: 0, y: 200 });
    expect(ids()).toContain('transform');
    history().undo();
    expect(ids()).toEqual(['start', 'check', 'done']);
    history().redo();
    expect(ids()).toContain('transform');
  });

  it('records no history for selection or measuring', () => {
    store.getState().selectNode('check');
    store.getState().onNodesChange([{ type: 'select', id: 'done', selected: true }]);
    store.getState().onEdgesChange([{ type: 'select', id: 'e1', selected: true }]);
    store.getState().onNodesChange([{ type: 'dimensions', id: 'done', dimensions: { width: 220, height: 80 } }]);
    store.getState().selectAll();
    expect(history().pastStates).toHaveLength(0);
  });

  it('takes a whole drag back in one step', () => {
    const start = node('check')?.position;
    beginGesture();
    for (let step = 1; step <= 30; step++) {
      const change: NodeChange<FlowNode> = { type: 'position', id: 'check', position: { x: 260 + step * 5, y: step * 3 }, dragging: step < 30 };
      store.getState().onNodesChange([change]);
    }
    endGesture();
    expect(node('check')?.position).toEqual({ x: 410, y: 90 });
    expect(history().pastStates).toHaveLength(1);
    history().undo();
    expect(node('check')?.position).toEqual(start);
    history().redo();
    expect(node('check')?.position).toEqual({ x: 410, y: 90 });
  });

  it('records nothing for a drag that ends where it started', () => {
    beginGesture();
    store.getState().onNodesChange([{ type: 'position', id: 'check', position: { x: 300, y: 0 }, dragging: true }]);
    store.getState().onNodesChange([{ type: 'position', id: 'check', position: { x: 260, y: 0 }, dragging: false }]);
    endGesture();
    expect(history().pastStates).toHaveLength(0);
  });

  it('keeps the selection and measured sizes through undo and redo, recording nothing', () => {
    store.getState().onNodesChange([{ type: 'dimensions', id: 'check', dimensions: { width: 220, height: 96 } }]);
    store.getState().updateNode('done', { name: 'Finished' });
    store.getState().selectNode('check');
    undo();
    expect(node('done')?.data.name).toBe('Done');
    expect(node('check')).toMatchObject({ selected: true, measured: { width: 220, height: 96 } });
    expect(history().futureStates).toHaveLength(1);
    redo();
    expect(node('done')?.data.name).toBe('Finished');
    expect(node('check')?.selected).toBe(true);
    expect(history().pastStates).toHaveLength(1);
    undo();
    undo();
    expect(history().pastStates).toHaveLength(0);
  });
});

describe('one store per editor instance', () => {
  it('keeps graph, selection, save state and history apart between two instances (two canvases on one page)', () => {
    const other = createEditorStore();
    other.getState().replaceAll(definition);
    other.history.reset();
    store.getState().selectNode('check');
    store.getState().updateNode('done', { name: 'Only here' });
    store.getState().setSaveState({ workflowId: 'w1', revision: 3 });
    expect(other.getState().nodes.find((candidate) => candidate.id === 'done')?.data.name).toBe('Done');
    expect(other.getState().nodes.some((candidate) => candidate.selected)).toBe(false);
    expect(other.getState()).toMatchObject({ workflowId: '', revision: 0 });
    expect(other.temporal.getState().pastStates).toHaveLength(0);
    other.history.undo();
    expect(node('done')?.data.name).toBe('Only here');
    expect(history().pastStates).toHaveLength(1);
  });

  it('keeps a drag in one instance from pausing the history of another', () => {
    const other = createEditorStore();
    other.getState().replaceAll(definition);
    other.history.reset();
    beginGesture();
    other.getState().updateNode('done', { name: 'Edited while the first is dragged' });
    expect(other.temporal.getState().pastStates).toHaveLength(1);
    store.getState().onNodesChange([{ type: 'position', id: 'check', position: { x: 300, y: 30 }, dragging: false }]);
    endGesture();
    expect(history().pastStates).toHaveLength(1);
    other.history.undo();
    expect(other.getState().nodes.find((candidate) => candidate.id === 'done')?.data.name).toBe('Done');
    expect(node('check')?.position).toEqual({ x: 300, y: 30 });
  });
});

describe('a read-only instance', () => {
  const readOnly = () => {
    const created = createEditorStore({ readOnly: true });
    created.getState().replaceAll(definition);
    created.history.reset();
    return created;
  };
  const graph = (of: EditorStore) => JSON.stringify({ meta: of.getState().meta, nodes: of.getState().nodes.map(({ id, position, data }) => ({ id, position, data })), edges: of.getState().edges.map(({ id, source, target, sourceHandle, targetHandle }) => ({ id, source, target, sourceHandle, targetHandle })) });

  it('refuses every edit, whichever way it comes, and records no history', () => {
    const viewer = readOnly();
    const before = graph(viewer);
    const state = viewer.getState();
    expect(state.addNode('data.transform', { x: 0, y: 0 })).toBeUndefined();
    expect(state.connect({ source: 'check', sourceHandle: 'false', target: 'done', targetHandle: 'in' })).toEqual({ ok: false, reason: 'this workflow is open read-only' });
    state.updateNode('done', { name: 'Renamed' });
    state.setMeta({ name: 'Renamed' });
    state.selectAll();
    state.deleteSelected();
    const payload = copySelection(viewer.getState().nodes, viewer.getState().edges);
    if (!payload) throw new Error('nothing copied');
    state.paste(payload, { x: 0, y: 100 });
    state.moveNodes(new Map([['check', { x: 500, y: 500 }]]));
    state.onNodesChange([
      { type: 'position', id: 'check', position: { x: 999, y: 999 }, dragging: false },
      { type: 'remove', id: 'done' },
    ]);
    state.onEdgesChange([{ type: 'remove', id: 'e1' }]);
    expect(graph(viewer)).toBe(before);
    expect(viewer.temporal.getState().pastStates).toHaveLength(0);
  });

  it('still selects, measures and loads what it shows, and copies out', () => {
    const viewer = readOnly();
    viewer.getState().onNodesChange([
      { type: 'select', id: 'check', selected: true },
      { type: 'dimensions', id: 'check', dimensions: { width: 220, height: 96 } },
    ]);
    viewer.getState().onEdgesChange([{ type: 'select', id: 'e2', selected: true }]);
    expect(viewer.getState().nodes.find((candidate) => candidate.id === 'check')).toMatchObject({ selected: true, measured: { width: 220, height: 96 } });
    expect(viewer.getState().edges.find((edge) => edge.id === 'e2')?.selected).toBe(true);
    expect(copySelection(viewer.getState().nodes, viewer.getState().edges)?.nodes.map((copied) => copied.id)).toEqual(['check']);
    viewer.getState().replaceAll({ ...definition, name: 'A later version', nodes: definition.nodes.slice(0, 1), edges: [] });
    expect(viewer.getState().meta.name).toBe('A later version');
    expect(viewer.getState().nodes.map((candidate) => candidate.id)).toEqual(['start']);
  });
});
