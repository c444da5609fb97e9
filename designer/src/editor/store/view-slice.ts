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

/** What a read-only view paints on an edge: a diff's mark, or that a run took it. */
export interface EdgeDecoration {
  readonly change?: NodeChangeKind;
  readonly taken?: boolean;
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
  /** Per edge id (a diff's marks, the path a run took); empty in the editor. */
  edgeDecorations: ReadonlyMap<string, EdgeDecoration>;
  setEdgeDecorations: (decorations: ReadonlyMap<string, EdgeDecoration>) => void;
  /** What a node's status badge is read as: "Last test run" in the editor, "Recorded run" or "Preview" elsewhere. */
  statusCaption: string;
  setStatusCaption: (caption: string) => void;
}

const NONE: ReadonlyMap<string, NodeDecoration> = new Map();
const NO_EDGES: ReadonlyMap<string, EdgeDecoration> = new Map();

/** The status badges' caption of the editor. */
export const TEST_RUN_CAPTION = 'Last test run';

/** The view slice of a store that is read-only or not. */
export function createViewSlice(readOnly: boolean): StateCreator<EditorState, [], [], ViewSlice> {
  return (set) => ({
    readOnly,
    decorations: NONE,
    setDecorations: (decorations) => set({ decorations }),
    edgeDecorations: NO_EDGES,
    setEdgeDecorations: (edgeDecorations) => set({ edgeDecorations }),
    statusCaption: TEST_RUN_CAPTION,
    setStatusCaption: (statusCaption) => set({ statusCaption }),
  });
}
