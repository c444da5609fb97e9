import { ApiError, api } from '../../app/api-client.js';
import { errorMessage } from '../../app/error-message.js';
import type { WorkflowDetail } from '../../app/api-types.js';
import { toDefinition } from '../model/flow-graph.js';
import type { EditorState, EditorStore } from '../store/editor-store.js';
import type { SaveStatus } from '../store/save-slice.js';
import { forgetUnsaved, keepUnsavedCopy, readUnsaved } from './unsaved-copy.js';

/** Quiet time after the last edit before the draft is saved. */
const SAVE_DEBOUNCE_MS = 800;
/** Longest a confirmed unsaved change waits while edits keep coming (a long drag, steady typing). */
const MAX_WAIT_MS = 5_000;
/** Quiet time before the indicator checks whether the draft now differs from what was saved. */
const DIRTY_CHECK_MS = 120;

/** The definition in an editor state, as the JSON that is saved and compared with `savedJson`. */
export function draftJsonOf(state: Pick<EditorState, 'meta' | 'nodes' | 'edges'>): string {
  return JSON.stringify(toDefinition(state.meta, state.nodes, state.edges));
}

function path(tenantId: string, workflowId: string): string {
  return `/api/v1/tenants/${tenantId}/workflows/${workflowId}`;
}

/**
 * Puts a workflow fetched from the server into an editor store: its graph, where it is saved, its
 * revision and the JSON it was saved as; no test run, no history.
 */
export function loadWorkflow(store: EditorStore, tenantId: string, workflowId: string, detail: Pick<WorkflowDetail, 'draft' | 'revision'>): void {
  const state = store.getState();
  state.replaceAll(detail.draft);
  state.setSaveState({
    tenantId,
    workflowId,
    revision: detail.revision,
    savedJson: draftJsonOf(store.getState()),
    saveStatus: 'saved',
    saveError: null,
    conflict: null,
    conflictOpen: false,
  });
  state.setRun(null);
  store.history.reset();
}

/** Autosave of one editor instance's draft (see {@link createDraftSaver}). */
export interface DraftSaver {
  /** The definition on the canvas, as the JSON that is saved and compared with `savedJson`. */
  readonly draftJson: () => string;
  /** Whether leaving now would lose edits: a save in flight, a refused one, or a draft that differs from the saved one. */
  readonly hasUnsavedChanges: () => boolean;
  /**
   * Called once a workflow is loaded into the editor: if edits to it could not be saved last time (a
   * conflict or a failure, and the editor was left before it was resolved), puts them back on the
   * canvas. When the server's draft is still the one they were based on, they are simply saved;
   * otherwise the conflict dialog opens, with the server's revision, so the user chooses.
   */
  readonly restoreUnsaved: (detail: Pick<WorkflowDetail, 'revision' | 'updatedBy' | 'updatedAt'>) => boolean;
  /**
   * Saves the draft now (cancelling a pending debounce) and resolves with the resulting status once
   * no save is in flight. A call made while a save is in flight queues exactly one follow-up save.
   */
  readonly flushSave: () => Promise<SaveStatus>;
  /** Sends every change of the graph (meta, nodes, edges) to the autosave; returns the unsubscribe. */
  readonly watchDraft: () => () => void;
  /** Whether a save is due (an edit waiting for its debounce) or in flight. */
  readonly savePending: () => boolean;
  /** Resolves a conflict by saving this draft over the server's revision `revision` (the one the user has seen). */
  readonly overwriteWithMine: (revision: number) => Promise<SaveStatus>;
  /** Keeps the local draft in this browser while it cannot be saved (before leaving it unsaved). */
  readonly keepUnsaved: () => void;
  /** Resolves a conflict by replacing the local draft with the server's; local changes are discarded. */
  readonly reloadTheirs: (detail: Pick<WorkflowDetail, 'draft' | 'revision'>) => void;
}

/**
 * The autosave of one editor store: every edit marks the draft unsaved and saves it (PUT with the
 * revision it is based on) after {@link SAVE_DEBOUNCE_MS} of quiet, or at once when a change has
 * waited {@link MAX_WAIT_MS}; saves never overlap; a 409 opens the conflict, any other failure shows
 * and is retried on the next edit; edits that could not be saved are kept in localStorage.
 */
export function createDraftSaver(store: EditorStore): DraftSaver {
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let dirtyTimer: ReturnType<typeof setTimeout> | undefined;
  /** When the indicator first saw the current unsaved change (for {@link MAX_WAIT_MS}). */
  let dirtySince: number | null = null;
  /** The save loop in flight, if any; saves never overlap. */
  let running: Promise<void> | null = null;
  /** Another save was asked for while one was in flight: the loop saves once more. */
  let again = false;

  const draftJson = () => draftJsonOf(store.getState());

  /** Keeps the local draft while a conflict or a failure stops it from being saved (the page may close meanwhile). */
  const keepUnsaved = () => {
    const state = store.getState();
    if (state.workflowId) keepUnsavedCopy(state.tenantId, state.workflowId, { json: draftJson(), baseJson: state.savedJson, baseRevision: state.revision });
  };

  /** One PUT of the draft with the revision it is based on, unless it is already saved or a conflict is open. */
  const saveOnce = async (): Promise<void> => {
    const start = store.getState();
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
      const now = store.getState();
      if (now.workflowId !== workflowId || now.tenantId !== tenantId) return;
      now.setSaveState({ revision: detail.revision, savedJson: json, saveStatus: draftJson() === json ? 'saved' : 'dirty', saveError: null });
      forgetUnsaved(tenantId, workflowId);
    } catch (error) {
      const now = store.getState();
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
        now.setSaveState({ saveStatus: 'error', saveError: errorMessage(error) });
      }
      keepUnsaved();
    }
  };

  const clearTimers = () => {
    clearTimeout(saveTimer);
    clearTimeout(dirtyTimer);
    saveTimer = undefined;
    dirtyTimer = undefined;
  };

  const flushSave = (): Promise<SaveStatus> => {
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
    return running.then(() => store.getState().saveStatus);
  };

  /** Marks the draft unsaved soon after an edit (without blocking the frame that made it). */
  const checkDirtySoon = () => {
    clearTimeout(dirtyTimer);
    dirtyTimer = setTimeout(() => {
      dirtyTimer = undefined;
      const state = store.getState();
      if (!state.workflowId || draftJson() === state.savedJson) return;
      dirtySince ??= Date.now();
      if (state.saveStatus === 'saved') state.setSaveState({ saveStatus: 'dirty' });
    }, DIRTY_CHECK_MS);
  };

  /** Whether a node is being dragged (a pause in the middle of a drag is not the end of the edit). */
  const dragging = () => store.getState().nodes.some((node) => node.dragging === true);

  const scheduleSave = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      saveTimer = undefined;
      if (dragging()) scheduleSave();
      else if (store.getState().saveStatus === 'conflict') keepUnsaved();
      else void flushSave();
    }, SAVE_DEBOUNCE_MS);
  };

  /** The graph changed (an edit, or only a selection or measurement): check for unsaved changes and save after a quiet time. */
  const draftChanged = () => {
    checkDirtySoon();
    if (dirtySince !== null && Date.now() - dirtySince > MAX_WAIT_MS && !running && !dragging()) {
      void flushSave();
      return;
    }
    scheduleSave();
  };

  return {
    draftJson,
    hasUnsavedChanges: () => {
      const state = store.getState();
      if (!state.workflowId || state.revision < 1) return false;
      return state.saveStatus !== 'saved' || draftJson() !== state.savedJson;
    },
    restoreUnsaved: (detail) => {
      const state = store.getState();
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
    },
    flushSave,
    keepUnsaved,
    watchDraft: () =>
      store.subscribe((state, previous) => {
        if (state.meta !== previous.meta || state.nodes !== previous.nodes || state.edges !== previous.edges) draftChanged();
      }),
    savePending: () => saveTimer !== undefined || dirtyTimer !== undefined || running !== null,
    overwriteWithMine: (revision) => {
      // savedJson no longer describes the server's draft: clearing it makes the save go out even when
      // the local draft happens to equal the revision it was based on.
      store.getState().setSaveState({ revision, savedJson: '', conflict: null, conflictOpen: false, saveStatus: 'dirty', saveError: null });
      return flushSave();
    },
    reloadTheirs: (detail) => {
      clearTimers();
      dirtySince = null;
      const state = store.getState();
      state.replaceAll(detail.draft);
      state.setSaveState({ revision: detail.revision, savedJson: draftJson(), saveStatus: 'saved', saveError: null, conflict: null, conflictOpen: false });
      forgetUnsaved(state.tenantId, state.workflowId);
      store.history.reset();
    },
  };
}
