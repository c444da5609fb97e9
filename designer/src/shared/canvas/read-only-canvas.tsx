import { ReactFlowProvider } from '@xyflow/react';
import { useEffect } from 'react';
import type { WorkflowDefinition } from '../../../../runtime/definition/index.js';
import { EditorStoreProvider, useEditorStoreApi } from '../../editor/store/editor-context.js';
import type { NodeDecoration } from '../../editor/store/view-slice.js';
import { ReadOnlyFlow, type ReadOnlyFlowOptions } from './read-only-flow.js';

const NO_DECORATIONS: ReadonlyMap<string, NodeDecoration> = new Map();

/** What a read-only canvas shows. */
export interface ReadOnlyCanvasProps extends ReadOnlyFlowOptions {
  /** The workflow (a version, a run's definition, one side of a comparison). */
  readonly definition: WorkflowDefinition | Record<string, unknown>;
  /** Per node id: a run step's status, a diff's mark (see `diffDecorations`). */
  readonly decorations?: ReadonlyMap<string, NodeDecoration>;
}

/** Keeps the store showing the current props (a newer definition, other decorations). */
function Follow({ definition, decorations }: Pick<ReadOnlyCanvasProps, 'definition' | 'decorations'>) {
  const store = useEditorStoreApi();
  useEffect(() => store.getState().replaceAll(definition), [store, definition]);
  useEffect(() => store.getState().setDecorations(decorations ?? NO_DECORATIONS), [store, decorations]);
  return null;
}

/**
 * A workflow on a canvas of its own, for looking only: a version, a run trace (statuses as
 * decorations), either side of a diff. Each one has its own read-only editor store, so several can
 * sit on one page. Give it a size through its container (`.read-only-canvas` fills it).
 */
export function ReadOnlyCanvas({ definition, decorations, ...options }: ReadOnlyCanvasProps) {
  return (
    <EditorStoreProvider
      options={{ readOnly: true }}
      init={(store) => {
        store.getState().replaceAll(definition);
        store.getState().setDecorations(decorations ?? NO_DECORATIONS);
      }}
    >
      <ReactFlowProvider>
        <Follow definition={definition} decorations={decorations} />
        <div className="read-only-canvas">
          <ReadOnlyFlow fitView {...options} />
        </div>
      </ReactFlowProvider>
    </EditorStoreProvider>
  );
}
