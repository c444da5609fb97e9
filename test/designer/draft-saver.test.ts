import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDraftSaver, loadWorkflow, type DraftSaver } from '../../designer/src/editor/save/draft-saver.js';
import { createEditorStore, type EditorStore } from '../../designer/src/editor/store/editor-store.js';
import type { WorkflowDefinition } from '../../runtime/definition/index.js';

const definition: WorkflowDefinition = {
  schemaVersion: 1,
  name: 'Autosave test',
  params: [],
  settings: {},
  nodes: [
    { id: 'start', type: 'trigger.manual', version: 1, name: 'Start', position: { x: 0, y: 0 }, config: {} },
    { id: 'map', type: 'data.transform', version: 1, name: 'Map', position: { x: 260, y: 0 }, config: { fields: { a: 1 } } },
  ],
  edges: [{ id: 'e1', source: 'start', sourcePort: 'out', target: 'map', targetPort: 'in' }],
};

/** A PUT the fake server received, and how to answer it. */
interface Put {
  readonly url: string;
  readonly body: { revision: number; definition: WorkflowDefinition };
  answer(status: number, body: unknown): void;
}

let puts: Put[] = [];
let unwatch: () => void = () => undefined;
/** The editor instance under test: its store and its autosave. */
let editor: EditorStore;
let saver: DraftSaver;
const store = () => editor.getState();

/** Opens the workflow as the editor page does: a new editor instance, loaded at `revision`, with its autosave watching. */
function load(revision = 1): void {
  unwatch();
  editor = createEditorStore();
  saver = createDraftSaver(editor);
  loadWorkflow(editor, 't1', 'w1', { draft: definition, revision });
  unwatch = saver.watchDraft();
}

/** An edit: renames the transform. */
function rename(name: string): void {
  store().updateNode('map', { name });
}

/** Lets pending promise callbacks run (fake timers stop nothing but timers). */
const settle = () => vi.advanceTimersByTimeAsync(0);

function answerLast(status: number, body: unknown): void {
  const put = puts.at(-1);
  if (!put) throw new Error('no PUT was sent');
  put.answer(status, body);
}

/** localStorage as the browser has it, for the copy of edits that could not be saved. */
const stored = new Map<string, string>();
const fakeStorage = {
  getItem: (key: string) => stored.get(key) ?? null,
  setItem: (key: string, value: string) => void stored.set(key, value),
  removeItem: (key: string) => void stored.delete(key),
};

beforeAll(() => {
  vi.useFakeTimers();
  vi.stubGlobal('localStorage', fakeStorage);
  vi.stubGlobal('fetch', (url: string, init: { method: string; body: string }) => {
    if (init.method !== 'PUT') throw new Error(`unexpected ${init.method} ${url}`);
    return new Promise((resolve) => {
      puts.push({
        url,
        body: JSON.parse(init.body) as Put['body'],
        answer: (status, body) => resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })),
      });
    });
  });
});

afterAll(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

beforeEach(async () => {
  stored.clear();
  puts = [];
  load();
  await vi.advanceTimersByTimeAsync(5_000);
  puts = [];
});

afterEach(async () => {
  unwatch();
  // Nothing may be left in flight for the next test.
  for (const put of puts) put.answer(500, { error: { code: 'INTERNAL', message: 'test over' } });
  await vi.advanceTimersByTimeAsync(5_000);
});

describe('autosave', () => {
  it('marks an edit unsaved at once and saves it with its revision after 800 ms of quiet', async () => {
    rename('First');
    await vi.advanceTimersByTimeAsync(200);
    expect(store().saveStatus).toBe('dirty');
    expect(saver.hasUnsavedChanges()).toBe(true);
    rename('Second');
    await vi.advanceTimersByTimeAsync(700);
    expect(puts).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(puts).toHaveLength(1);
    expect(puts[0]?.url).toBe('/api/v1/tenants/t1/workflows/w1');
    expect(puts[0]?.body.revision).toBe(1);
    expect(puts[0]?.body.definition.nodes[1]?.name).toBe('Second');
    expect(store().saveStatus).toBe('saving');
    answerLast(200, { revision: 2 });
    await settle();
    expect(store()).toMatchObject({ saveStatus: 'saved', revision: 2, saveError: null });
    expect(store().savedJson).toBe(saver.draftJson());
    expect(saver.hasUnsavedChanges()).toBe(false);
  });

  it('never saves twice at once: edits during a save queue one follow-up on the new revision', async () => {
    rename('One');
    await vi.advanceTimersByTimeAsync(900);
    expect(puts).toHaveLength(1);
    rename('Two');
    void saver.flushSave();
    rename('Three');
    void saver.flushSave();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(puts).toHaveLength(1);
    answerLast(200, { revision: 2 });
    await settle();
    expect(puts).toHaveLength(2);
    expect(puts[1]?.body.revision).toBe(2);
    expect(puts[1]?.body.definition.nodes[1]?.name).toBe('Three');
    answerLast(200, { revision: 3 });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(puts).toHaveLength(2);
    expect(store()).toMatchObject({ saveStatus: 'saved', revision: 3 });
  });

  it('does not save in the middle of a drag, however long the pointer rests', async () => {
    store().onNodesChange([{ type: 'position', id: 'map', position: { x: 300, y: 10 }, dragging: true }]);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(puts).toHaveLength(0);
    store().onNodesChange([{ type: 'position', id: 'map', position: { x: 320, y: 20 }, dragging: false }]);
    await vi.advanceTimersByTimeAsync(900);
    expect(puts).toHaveLength(1);
    expect(puts[0]?.body.definition.nodes[1]?.position).toEqual({ x: 320, y: 20 });
    answerLast(200, { revision: 2 });
    await settle();
  });

  it('stops on a 409 with who saved which revision when, and saves nothing more until resolved', async () => {
    rename('Mine');
    await vi.advanceTimersByTimeAsync(900);
    answerLast(409, { error: { code: 'CONFLICT', message: 'the draft changed since revision 1; it is now at revision 4', details: [], currentRevision: 4, updatedBy: 'u2', updatedAt: '2026-11-28T10:00:00.000Z' } });
    await settle();
    expect(store()).toMatchObject({ saveStatus: 'conflict', conflictOpen: true, conflict: { currentRevision: 4, updatedBy: 'u2', updatedAt: '2026-11-28T10:00:00.000Z' } });
    rename('Mine again');
    await vi.advanceTimersByTimeAsync(3_000);
    expect(puts).toHaveLength(1);
    expect(store().saveStatus).toBe('conflict');
    expect(saver.hasUnsavedChanges()).toBe(true);
  });

  it('"Overwrite with mine" saves the local draft over the revision the user has seen', async () => {
    rename('Mine');
    await vi.advanceTimersByTimeAsync(900);
    answerLast(409, { error: { code: 'CONFLICT', message: 'stale', currentRevision: 4, updatedBy: 'u2', updatedAt: null } });
    await settle();
    const status = saver.overwriteWithMine(5);
    await settle();
    expect(puts).toHaveLength(2);
    expect(puts[1]?.body.revision).toBe(5);
    expect(puts[1]?.body.definition.nodes[1]?.name).toBe('Mine');
    answerLast(200, { revision: 6 });
    expect(await status).toBe('saved');
    expect(store()).toMatchObject({ revision: 6, conflict: null, conflictOpen: false });
  });

  it('"Overwrite with mine" sends the draft even when it equals the revision it was based on', async () => {
    rename('Mine');
    await vi.advanceTimersByTimeAsync(900);
    answerLast(409, { error: { code: 'CONFLICT', message: 'stale', currentRevision: 2 } });
    await settle();
    rename('Map');
    const status = saver.overwriteWithMine(2);
    await settle();
    expect(puts).toHaveLength(2);
    answerLast(200, { revision: 3 });
    expect(await status).toBe('saved');
  });

  it('"Reload theirs" replaces the graph with the server draft, takes its revision and forgets the history', async () => {
    rename('Mine');
    await vi.advanceTimersByTimeAsync(900);
    answerLast(409, { error: { code: 'CONFLICT', message: 'stale', currentRevision: 3 } });
    await settle();
    const theirs = { ...definition, nodes: definition.nodes.map((node) => (node.id === 'map' ? { ...node, name: 'Theirs' } : node)) };
    saver.reloadTheirs({ draft: theirs, revision: 3 });
    expect(store().nodes.find((node) => node.id === 'map')?.data.name).toBe('Theirs');
    expect(store()).toMatchObject({ revision: 3, saveStatus: 'saved', conflict: null, conflictOpen: false });
    expect(editor.temporal.getState().pastStates).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(puts).toHaveLength(1);
    expect(saver.hasUnsavedChanges()).toBe(false);
  });

  it('shows any other failure and tries again on the next edit', async () => {
    rename('Offline');
    await vi.advanceTimersByTimeAsync(900);
    answerLast(503, { error: { code: 'UNAVAILABLE', message: 'the server is busy' } });
    await settle();
    expect(store()).toMatchObject({ saveStatus: 'error', saveError: 'the server is busy' });
    await vi.advanceTimersByTimeAsync(3_000);
    expect(puts).toHaveLength(1);
    rename('Online');
    await vi.advanceTimersByTimeAsync(900);
    expect(puts).toHaveLength(2);
    expect(puts[1]?.body.revision).toBe(1);
    answerLast(200, { revision: 2 });
    await settle();
    expect(store()).toMatchObject({ saveStatus: 'saved', saveError: null, revision: 2 });
  });

  it('does not save a selection, and an edit undone before the save sends nothing', async () => {
    store().selectNode('map');
    await vi.advanceTimersByTimeAsync(2_000);
    rename('Temporary');
    rename('Map');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(puts).toHaveLength(0);
    expect(store().saveStatus).toBe('saved');
  });

  it('keeps edits that could not be saved, and saves them when the workflow opens again on the same revision', async () => {
    rename('Offline edit');
    await vi.advanceTimersByTimeAsync(900);
    answerLast(503, { error: { code: 'UNAVAILABLE', message: 'the server is busy' } });
    await settle();
    expect(stored.size).toBe(1);
    // The editor is left and opened again: the server still has revision 1.
    load(1);
    expect(saver.restoreUnsaved({ revision: 1, updatedBy: 'u1', updatedAt: '2026-11-28T09:00:00.000Z' })).toBe(true);
    expect(store().nodes.find((node) => node.id === 'map')?.data.name).toBe('Offline edit');
    await settle();
    expect(puts).toHaveLength(2);
    expect(puts[1]?.body).toMatchObject({ revision: 1 });
    answerLast(200, { revision: 2 });
    await settle();
    expect(store()).toMatchObject({ saveStatus: 'saved', revision: 2 });
    expect(stored.size).toBe(0);
  });

  it('keeps edits refused by a conflict, and opens the conflict again when the workflow opens again', async () => {
    rename('Mine');
    await vi.advanceTimersByTimeAsync(900);
    answerLast(409, { error: { code: 'CONFLICT', message: 'stale', currentRevision: 2, updatedBy: 'u2', updatedAt: null } });
    await settle();
    rename('Mine, later');
    await vi.advanceTimersByTimeAsync(900);
    // The editor is left; someone saves again; the workflow opens at revision 3.
    load(3);
    expect(saver.restoreUnsaved({ revision: 3, updatedBy: 'u2', updatedAt: '2026-11-28T10:00:00.000Z' })).toBe(true);
    expect(store().nodes.find((node) => node.id === 'map')?.data.name).toBe('Mine, later');
    expect(store()).toMatchObject({ saveStatus: 'conflict', revision: 1, conflictOpen: true, conflict: { currentRevision: 3, updatedBy: 'u2', recovered: true } });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(puts).toHaveLength(1);
    saver.reloadTheirs({ draft: definition, revision: 3 });
    expect(stored.size).toBe(0);
    load(3);
    expect(saver.restoreUnsaved({ revision: 3, updatedBy: 'u2', updatedAt: '2026-11-28T10:00:00.000Z' })).toBe(false);
  });
});

describe('two editor instances', () => {
  it('autosave each its own workflow, with its own revision and timers', async () => {
    const second = createEditorStore();
    const secondSaver = createDraftSaver(second);
    loadWorkflow(second, 't1', 'w2', { draft: definition, revision: 7 });
    const unwatchSecond = secondSaver.watchDraft();
    try {
      second.getState().updateNode('map', { name: 'Second workflow' });
      await vi.advanceTimersByTimeAsync(900);
      expect(puts.map((put) => put.url)).toEqual(['/api/v1/tenants/t1/workflows/w2']);
      expect(puts[0]?.body.revision).toBe(7);
      expect(store().saveStatus).toBe('saved');
      expect(saver.hasUnsavedChanges()).toBe(false);
      answerLast(200, { revision: 8 });
      await settle();
      expect(second.getState()).toMatchObject({ saveStatus: 'saved', revision: 8 });
      expect(store().revision).toBe(1);
    } finally {
      unwatchSecond();
    }
  });
});
