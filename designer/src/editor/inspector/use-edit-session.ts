import { useEffect, useMemo, useRef } from 'react';
import { useEditorStoreApi } from '../store/editor-context.js';

/**
 * Makes typing in one field one undoable edit: history recording pauses while the field has focus
 * and the whole change is recorded when it loses it (as a node drag is), instead of one undo step
 * per keystroke. Spread the handlers on the input.
 */
export function useEditSession(): { onFocus: () => void; onBlur: () => void } {
  const { history } = useEditorStoreApi();
  const active = useRef(false);
  useEffect(
    () => () => {
      if (active.current) history.endGesture();
    },
    [history],
  );
  return useMemo(
    () => ({
      onFocus: () => {
        active.current = true;
        history.beginGesture();
      },
      onBlur: () => {
        active.current = false;
        history.endGesture();
      },
    }),
    [history],
  );
}
