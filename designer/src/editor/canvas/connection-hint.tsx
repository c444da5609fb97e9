import { Panel, useConnection, type ConnectionState } from '@xyflow/react';
import { WRONG_ENDS } from '../model/connection-rules.js';
import { useEditorStore } from '../store/editor-context.js';
import type { EditorState } from '../store/editor-store.js';

type Phase = 'idle' | 'drawing' | 'refused' | 'wrong-ends';

/** Where the connection being drawn stands: over a port that refuses it, or not. */
const selectPhase = (connection: ConnectionState): Phase => {
  if (!connection.inProgress) return 'idle';
  if (connection.isValid !== false || !connection.toHandle) return 'drawing';
  // React Flow refuses input-to-input and output-to-output itself, without asking our rules.
  return connection.toHandle.type === connection.fromHandle.type ? 'wrong-ends' : 'refused';
};

const selectHint = (state: EditorState) => state.connectionHint;

/** Why the connection being drawn (or just dropped) is refused, at the top of the canvas. */
export function ConnectionHint() {
  const phase = useConnection(selectPhase);
  const hint = useEditorStore(selectHint);
  const reason = phase === 'wrong-ends' ? WRONG_ENDS : phase === 'drawing' ? null : hint;
  return (
    <Panel position="top-center" className="connection-hint-panel">
      <div role="status" aria-live="polite">
        {reason ? <p className="connection-hint">Can’t connect: {reason}</p> : null}
      </div>
    </Panel>
  );
}
