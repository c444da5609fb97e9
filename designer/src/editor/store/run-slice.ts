import type { StateCreator } from 'zustand';
import type { RunTrace } from '../../app/api-types.js';
import type { EditorState } from './editor-store.js';

/** The latest test run, whose step statuses show on the canvas. */
export interface RunSlice {
  run: RunTrace | null;
  setRun: (run: RunTrace | null) => void;
}

export const createRunSlice: StateCreator<EditorState, [], [], RunSlice> = (set) => ({
  run: null,
  setRun: (run) => set({ run }),
});
