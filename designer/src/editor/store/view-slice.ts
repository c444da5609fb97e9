import type { StateCreator } from 'zustand';
import type { StepStatus } from '../model/run-status.js';
import type { EditorState } from './editor-store.js';

/** How a diff sees a node: new in the later definition, gone from it, or changed. */
export type NodeChangeKind = 'added' | 'removed' | 'changed';

/** What a read-only view paints on a node besides the node itself: a run status, a diff mark. */
export interface NodeDecoration {
  readonly status?: StepStatus;
  readonly change?: NodeChangeKind;
}

/** How this editor instance is shown: editable or not, and the decorations of a read-only view. */
export interface ViewSlice {
  /**
   * Set when the store is created and never changed: a read-only store refuses every edit (see
   * the graph slice), whatever asks for it — a shortcut, a paste, a form field.
   */
  readonly readOnly: boolean;
  /** Per node id (a run trace's statuses, a diff's marks); empty in the editor. */
  decorations: ReadonlyMap<string, NodeDecoration>;
  setDecorations: (decorations: ReadonlyMap<string, NodeDecoration>) => void;
}

const NONE: ReadonlyMap<string, NodeDecoration> = new Map();

/** The view slice of a store that is read-only or not. */
export function createViewSlice(readOnly: boolean): StateCreator<EditorState, [], [], ViewSlice> {
  return (set) => ({
    readOnly,
    decorations: NONE,
    setDecorations: (decorations) => set({ decorations }),
  });
}
