import type { StateCreator } from 'zustand';
import type { EditorState } from './editor-store.js';

/** Where the draft stands against the server. */
export type SaveStatus = 'saved' | 'dirty' | 'saving' | 'conflict' | 'error';

/** A save refused because someone else saved first. */
export interface Conflict {
  readonly currentRevision: number;
  readonly updatedBy: string | null;
  readonly updatedAt: string | null;
  /** The local edits were kept from an earlier visit, when they could not be saved. */
  readonly recovered?: boolean;
}

/** The draft's revision and save state. */
export interface SaveSlice {
  tenantId: string;
  workflowId: string;
  revision: number;
  /** JSON of the definition last saved (or loaded); the draft is dirty when it differs. */
  savedJson: string;
  saveStatus: SaveStatus;
  saveError: string | null;
  conflict: Conflict | null;
  /** Whether the conflict dialog shows (it can be set aside and reopened while the conflict stands). */
  conflictOpen: boolean;
  setSaveState: (
    patch: Partial<Pick<SaveSlice, 'tenantId' | 'workflowId' | 'revision' | 'savedJson' | 'saveStatus' | 'saveError' | 'conflict' | 'conflictOpen'>>,
  ) => void;
}

export const createSaveSlice: StateCreator<EditorState, [], [], SaveSlice> = (set) => ({
  tenantId: '',
  workflowId: '',
  revision: 0,
  savedJson: '',
  saveStatus: 'saved',
  saveError: null,
  conflict: null,
  conflictOpen: false,
  setSaveState: (patch) => set(patch),
});
