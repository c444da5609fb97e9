import { ApiError, api } from '../../app/api-client.js';
import type { WorkflowDetail } from '../../app/api-types.js';
import { toDefinition } from '../model/flow-graph.js';
import { resetHistory, useEditorStore } from '../store/editor-store.js';
import type { SaveStatus } from '../store/save-slice.js';

/** Quiet time after the last edit before the draft is saved. */
const SAVE_DEBOUNCE_MS = 800;
/** Longest a confirmed unsaved change waits while edits keep coming (a long drag, steady typing). */
const MAX_WAIT_MS = 5_000;
/** Quiet time before the indicator checks whether the draft now differs from what was saved. */
const DIRTY_CHECK_MS = 120;

let saveTimer: ReturnType<typeof setTimeout> | undefined;
let dirtyTimer: ReturnType<typeof setTimeout> | undefined;
/** When the indicator first saw the current unsaved change (for {@link MAX_WAIT_MS}). */
let dirtySince: number | null = null;
/** The save loop in flight, if any; saves never overlap. */
let running: Promise<void> | null = null;
/** Another save was asked for while one was in flight: the loop saves once more. */
let again = false;

/** The definition on the canvas, as the JSON that is saved and compared with `savedJson`. */
export function draftJson(): string {
  const { meta, nodes, edges } = useEditorStore.getState();
  return JSON.stringify(toDefinition(meta, nodes, edges));
}

/** Whether leaving now would lose edits: a save in flight, a refused one, or a draft that differs from the saved one. */
export function hasUnsavedChanges(): boolean {
  const state = useEditorStore.getState();
  if (!state.workflowId || state.revision < 1) return false;
  return state.saveStatus !== 'saved' || draftJson() !== state.savedJson;
}

function path(tenantId: string, workflowId: string): string {
  return `/api/v1/tenants/${tenantId}/workflows/${workflowId}`;
}

/** Edits that could not be saved, kept in localStorage until they are saved or discarded. */
interface UnsavedCopy {
  /** The local draft. */
  readonly json: string;
  /** The saved draft it is based on, and that draft's revision. */
  readonly baseJson: string;
  readonly baseRevision: number;
}

const unsavedKey = (tenantId: string, workflowId: string) => `flowgate.unsaved.${tenantId}.${workflowId}`;

/** The part of Web Storage used here; structural, since tests type-check this module without DOM types. */
interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function storage(): KeyValueStorage | undefined {
  try {
    // Reading localStorage throws where storage is disabled.
    return (globalThis as { localStorage?: KeyValueStorage }).localStorage;
  } catch {
    return undefined;
  }
}

/** Keeps the local draft while a conflict or a failure stops it from being saved (the page may close meanwhile). */
function keepUnsaved(): void {
  const state = useEditorStore.getState();
  if (!state.workflowId) return;
  const copy: UnsavedCopy = { json: draftJson(), baseJson: state.savedJson, baseRevision: state.revision };
  try {
    storage()?.setItem(unsavedKey(state.tenantId, state.workflowId), JSON.stringify(copy));
  } catch {
    // Storage full or disabled: the leave-page warning still stands.
  }
}

function forgetUnsaved(tenantId: string, workflowId: string): void {
  try {
    storage()?.removeItem(unsavedKey(tenantId, workflowId));
  } catch {
    // Nothing kept.
  }
}

function readUnsaved(tenantId: string, workflowId: string): UnsavedCopy | null {
  try {
    const text = storage()?.getItem(unsavedKey(tenantId, workflowId));
    return text ? (JSON.parse(text) as UnsavedCopy) : null;
  } catch {
    return null;
  }
}

/**
 * Called once a workflow is loaded into the editor: if edits to it could not be saved last time (a
 * conflict or a failure, and the editor was left before it was resolved), puts them back on the
 * canvas. When the server's draft is still the one they were based on, they are simply saved;
 * otherwise the conflict dialog opens, with the server's revision, so the user chooses.
 */
export function restoreUnsaved(detail: Pick<WorkflowDetail, 'revision' | 'updatedBy' | 'updatedAt'>): boolean {
  const state = useEditorStore.getState();
  const copy = readUnsaved(state.tenantId, state.workflowId);
  if (!copy) return false;
  if (copy.json === state.savedJson) {
    forgetUnsaved(state.tenantId, state.workflowId);
    return false;
  }
  state.replaceAll(JSON.parse(copy.json) as Record<string, unknown>);
  if (detail.revision === copy.baseRevision) {
    state.setSaveState({ savedJson: copy.baseJson, saveStatus: 'dirty' });
    void flushSave();
  } else {
    state.setSaveState({
      revision: copy.baseRevision,
      savedJson: copy.baseJson,
      saveStatus: 'conflict',
      saveError: null,
      conflictOpen: true,
      conflict: { currentRevision: detail.revision, updatedBy: detail.updatedBy, updatedAt: detail.updatedAt, recovered: true },
    });
  }
  return true;
}

function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return 'the server could not be reached';
  return error instanceof Error ? error.message : String(error);
}

/** One PUT of the draft with the revision it is based on, unless it is already saved or a conflict is open. */
async function saveOnce(): Promise<void> {
  const start = useEditorStore.getState();
  const { tenantId, workflowId, revision } = start;
  if (!workflowId || revision < 1 || start.saveStatus === 'conflict') return;
  const json = draftJson();
  if (json === start.savedJson) {
    if (start.saveStatus !== 'saved') start.setSaveState({ saveStatus: 'saved', saveError: null });
    return;
  }
  dirtySince = null;
  start.setSaveState({ saveStatus: 'saving', saveError: null });
  try {
    const detail = await api<WorkflowDetail>('PUT', path(tenantId, workflowId), { revision, definition: JSON.parse(json) as unknown });
    const now = useEditorStore.getState();
    if (now.workflowId !== workflowId || now.tenantId !== tenantId) return;
    now.setSaveState({ revision: detail.revision, savedJson: json, saveStatus: draftJson() === json ? 'saved' : 'dirty', saveError: null });
    forgetUnsaved(tenantId, workflowId);
  } catch (error) {
    const now = useEditorStore.getState();
    if (now.workflowId !== workflowId || now.tenantId !== tenantId) return;
    const details = error instanceof ApiError ? error.error : {};
    if (error instanceof ApiError && error.status === 409 && typeof details.currentRevision === 'number') {
      now.setSaveState({
        saveStatus: 'conflict',
        saveError: error.message,
        conflictOpen: true,
        conflict: {
          currentRevision: details.currentRevision,
          updatedBy: typeof details.updatedBy === 'string' ? details.updatedBy : null,
          updatedAt: typeof details.updatedAt === 'string' ? details.updatedAt : null,
        },
      });
    } else {
      now.setSaveState({ saveStatus: 'error', saveError: messageOf(error) });
    }
    keepUnsaved();
  }
}

function clearTimers(): void {
  clearTimeout(saveTimer);
  clearTimeout(dirtyTimer);
  saveTimer = undefined;
  dirtyTimer = undefined;
}

/**
 * Saves the draft now (cancelling a pending debounce) and resolves with the resulting status once
 * no save is in flight. A call made while a save is in flight queues exactly one follow-up save.
 */
export function flushSave(): Promise<SaveStatus> {
  clearTimers();
  again = true;
  running ??= (async () => {
    try {
      while (again) {
        again = false;
        await saveOnce();
      }
    } finally {
      running = null;
    }
  })();
  return running.then(() => useEditorStore.getState().saveStatus);
}

/** Marks the draft unsaved soon after an edit (without blocking the frame that made it). */
function checkDirtySoon(): void {
  clearTimeout(dirtyTimer);
  dirtyTimer = setTimeout(() => {
    dirtyTimer = undefined;
    const state = useEditorStore.getState();
    if (!state.workflowId || draftJson() === state.savedJson) return;
    dirtySince ??= Date.now();
    if (state.saveStatus === 'saved') state.setSaveState({ saveStatus: 'dirty' });
  }, DIRTY_CHECK_MS);
}

/** Whether a node is being dragged (a pause in the middle of a drag is not the end of the edit). */
function dragging(): boolean {
  return useEditorStore.getState().nodes.some((node) => node.dragging === true);
}

function scheduleSave(): void {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    saveTimer = undefined;
    if (dragging()) scheduleSave();
    else if (useEditorStore.getState().saveStatus === 'conflict') keepUnsaved();
    else void flushSave();
  }, SAVE_DEBOUNCE_MS);
}

/**
 * The graph changed (an edit, or only a selection or measurement): check for unsaved changes and
 * save after {@link SAVE_DEBOUNCE_MS} of quiet, or at once when a change has waited {@link MAX_WAIT_MS}.
 */
function draftChanged(): void {
  checkDirtySoon();
  if (dirtySince !== null && Date.now() - dirtySince > MAX_WAIT_MS && !running && !dragging()) {
    void flushSave();
    return;
  }
  scheduleSave();
}

/** Sends every change of the graph (meta, nodes, edges) to {@link draftChanged}; returns the unsubscribe. */
export function watchDraft(): () => void {
  return useEditorStore.subscribe((state, previous) => {
    if (state.meta !== previous.meta || state.nodes !== previous.nodes || state.edges !== previous.edges) draftChanged();
  });
}

/** Whether a save is due (an edit waiting for its debounce) or in flight. */
export function savePending(): boolean {
  return saveTimer !== undefined || dirtyTimer !== undefined || running !== null;
}

/** Resolves a conflict by saving this draft over the server's revision `revision` (the one the user has seen). */
export function overwriteWithMine(revision: number): Promise<SaveStatus> {
  // savedJson no longer describes the server's draft: clearing it makes the save go out even when
  // the local draft happens to equal the revision it was based on.
  useEditorStore.getState().setSaveState({ revision, savedJson: '', conflict: null, conflictOpen: false, saveStatus: 'dirty', saveError: null });
  return flushSave();
}

/** Resolves a conflict by replacing the local draft with the server's; local changes are discarded. */
export function reloadTheirs(detail: Pick<WorkflowDetail, 'draft' | 'revision'>): void {
  clearTimers();
  dirtySince = null;
  const store = useEditorStore.getState();
  store.replaceAll(detail.draft);
  store.setSaveState({ revision: detail.revision, savedJson: draftJson(), saveStatus: 'saved', saveError: null, conflict: null, conflictOpen: false });
  forgetUnsaved(store.tenantId, store.workflowId);
  resetHistory();
}

/** Fetches the workflow's current draft and revision from the server. */
export function fetchDraft(tenantId: string, workflowId: string): Promise<WorkflowDetail> {
  return api<WorkflowDetail>('GET', path(tenantId, workflowId));
}
