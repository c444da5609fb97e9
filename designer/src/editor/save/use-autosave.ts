import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useEditorStoreApi } from '../store/editor-context.js';
import { useDraftSaver } from './draft-saver-context.js';
import { workflowsKey } from '../../workflows/api.js';

/**
 * Autosaves the open workflow's draft: every edit marks it unsaved and saves it (PUT with the
 * revision it is based on) after a short quiet time; saves never overlap; a 409 opens the conflict
 * dialog, any other failure shows on the indicator and is retried on the next edit. Closing or
 * reloading the page with unsaved changes asks first (leaving inside the app is guarded by
 * `LeaveGuard`); when the editor unmounts, whatever is pending is saved at once.
 */
export function useAutosave(): void {
  const client = useQueryClient();
  const store = useEditorStoreApi();
  const saver = useDraftSaver();
  useEffect(() => {
    const unwatch = saver.watchDraft();
    const unsubscribe = store.subscribe((state, previous) => {
      // A save changes the list's "updated": it is fetched again when next shown.
      if (state.revision !== previous.revision && state.workflowId) void client.invalidateQueries({ queryKey: workflowsKey(state.tenantId), refetchType: 'none' });
    });
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (!saver.hasUnsavedChanges()) return;
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = '';
      void saver.flushSave();
    };
    const visibility = () => {
      if (document.visibilityState === 'hidden' && saver.savePending()) void saver.flushSave();
    };
    window.addEventListener('beforeunload', beforeUnload);
    document.addEventListener('visibilitychange', visibility);
    return () => {
      unwatch();
      unsubscribe();
      window.removeEventListener('beforeunload', beforeUnload);
      document.removeEventListener('visibilitychange', visibility);
      // Leaving this workflow inside the app: save what is pending now.
      if (saver.hasUnsavedChanges()) void saver.flushSave();
    };
  }, [client, saver, store]);
}
