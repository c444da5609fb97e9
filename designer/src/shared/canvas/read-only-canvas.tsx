import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, type ReactNode } from 'react';
import type { WorkflowDefinition } from '../../../../runtime/definition/index.js';
import { EditorStoreProvider, useEditorStoreApi } from '../../editor/store/editor-context.js';
import { TEST_RUN_CAPTION, type EdgeDecoration, type NodeDecoration } from '../../editor/store/view-slice.js';
import { ReadOnlyFlow, type ReadOnlyFlowOptions } from './read-only-flow.js';

const NO_DECORATIONS: ReadonlyMap<string, NodeDecoration> = new Map();
const NO_EDGE_DECORATIONS: ReadonlyMap<string, EdgeDecoration> = new Map();

/** What a read-only canvas shows. */
export interface ReadOnlyCanvasProps extends ReadOnlyFlowOptions {
  /** The workflow (a version, a run's definition, one side of a comparison). */
  readonly definition: WorkflowDefinition | Record<string, unknown>;
  /** Per node id: a run step's status, a diff's mark (see `diffDecorations`). */
  readonly decorations?: ReadonlyMap<string, NodeDecoration>;
  /** Per edge id: a diff's mark, a path a run took. */
  readonly edgeDecorations?: ReadonlyMap<string, EdgeDecoration>;
  /** How node status badges are read ("Recorded run: succeeded"); "Last test run" by default. */
  readonly statusCaption?: string;
  /** Shown beside the canvas, inside its store (e.g. details of the selected node, read with `useEditorStore`). */
  readonly children?: ReactNode;
}

type Shown = Pick<ReadOnlyCanvasProps, 'definition' | 'decorations' | 'edgeDecorations' | 'statusCaption'>;

/** Keeps the store showing the current props (a newer definition, other decorations). */
function Follow({ definition, decorations, edgeDecorations, statusCaption }: Shown) {
  const store = useEditorStoreApi();
  useEffect(() => store.getState().replaceAll(definition), [store, definition]);
  useEffect(() => store.getState().setDecorations(decorations ?? NO_DECORATIONS), [store, decorations]);
  useEffect(() => store.getState().setEdgeDecorations(edgeDecorations ?? NO_EDGE_DECORATIONS), [store, edgeDecorations]);
  useEffect(() => store.getState().setStatusCaption(statusCaption ?? TEST_RUN_CAPTION), [store, statusCaption]);
  return null;
}

/**
 * A workflow on a canvas of its own, for looking only: a version, a run trace (statuses as
 * decorations), either side of a diff. Each one has its own read-only editor store, so several can
 * sit on one page. Give it a size through its container (`.read-only-canvas` fills it).
 */
export function ReadOnlyCanvas({ definition, decorations, edgeDecorations, statusCaption, children, ...options }: ReadOnlyCanvasProps) {
  return (
    <EditorStoreProvider
      options={{ readOnly: true }}
      init={(store) => {
        const state = store.getState();
        state.replaceAll(definition);
        state.setDecorations(decorations ?? NO_DECORATIONS);
        state.setEdgeDecorations(edgeDecorations ?? NO_EDGE_DECORATIONS);
        state.setStatusCaption(statusCaption ?? TEST_RUN_CAPTION);
      }}
    >
      <ReactFlowProvider>
        <Follow definition={definition} decorations={decorations} edgeDecorations={edgeDecorations} statusCaption={statusCaption} />
        <div className="read-only-canvas">
          <ReadOnlyFlow fitView {...options} />
        </div>
        {children}
      </ReactFlowProvider>
    </EditorStoreProvider>
  );
}
