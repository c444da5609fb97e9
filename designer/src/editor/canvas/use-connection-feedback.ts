import type { Connection, FinalConnectionState, OnConnectEnd } from '@xyflow/react';
import { useEffect, useMemo, useRef } from 'react';
import { nodeCatalog } from '../../../../nodes/catalog.js';
import { WRONG_ENDS, checkConnection } from '../model/connection-rules.js';
import type { FlowEdge } from '../model/flow-graph.js';
import { useEditorStoreApi } from '../store/editor-context.js';
import type { EditorStore } from '../store/editor-store.js';

/** How long the reason stays up after a refused connection is dropped. */
const LINGER_MS = 3000;

function setHint(store: EditorStore, hint: string | null): void {
  const state = store.getState();
  if (state.connectionHint !== hint) state.setConnectionHint(hint);
}

/** React Flow's connection callbacks, wired to the store's connection rules. */
export interface ConnectionFeedback {
  /** Checks the rules while a connection is dragged over a port, and says why when it is refused. */
  isValidConnection: (attempt: FlowEdge | Connection) => boolean;
  onConnectStart: () => void;
  onConnect: (connection: Connection) => void;
  /** Keeps the reason of a refused drop up for a moment, so it can be read. */
  onConnectEnd: OnConnectEnd;
}

/**
 * Connection checking with the reason shown: `isValidConnection` runs the store's rules (no
 * self-loops, no cycles, existing ports, no duplicates) and puts the refusal reason into the ui
 * slice's `connectionHint`, which the canvas shows while dragging and briefly after the drop.
 */
export function useConnectionFeedback(): ConnectionFeedback {
  const store = useEditorStoreApi();
  const linger = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(
    () => () => {
      clearTimeout(linger.current);
      setHint(store, null);
    },
    [store],
  );
  return useMemo(
    () => ({
      isValidConnection: (attempt) => {
        const { nodes, edges } = store.getState();
        const verdict = checkConnection(attempt, nodes, edges, nodeCatalog);
        setHint(store, verdict.ok ? null : verdict.reason);
        return verdict.ok;
      },
      onConnectStart: () => {
        clearTimeout(linger.current);
        setHint(store, null);
      },
      onConnect: (connection) => {
        const verdict = store.getState().connect(connection);
        if (!verdict.ok) setHint(store, verdict.reason);
      },
      onConnectEnd: (_event, state: FinalConnectionState) => {
        if (state.isValid !== false || !state.toHandle) {
          setHint(store, null);
          return;
        }
        if (state.fromHandle?.type === state.toHandle.type) setHint(store, WRONG_ENDS);
        linger.current = setTimeout(() => setHint(store, null), LINGER_MS);
      },
    }),
    [store],
  );
}
