import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useEditorStoreApi } from '../store/editor-context.js';
import { useDraftSaver } from './draft-saver-context.js';
import { workflowKey, workflowsKey } from '../../workflows/api.js';

/**
 * Autosaves the open workflow's draft: every edit marks it unsaved and saves it (PUT with the
 * revision it is based on) after a short quiet time; saves never overlap; a 409 opens the conflict
 * dialog, any other failure shows on the indicator and is retried on the next edit. Closing or
 * reloading the page with unsaved changes asks first (leaving inside the app is guarded by
 * `useLeaveGuard`); when the editor unmounts, whatever is pending is saved at once.
 */
export function useAutosave(): void {
  const client = useQueryClient();
  const store = useEditorStoreApi();
  const saver = useDraftSaver();
  useEffect(() => {
    const unwatch = saver.watchDraft();
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.revision !== previous.revision && state.workflowId) {
        // The cached workflow (and the list's "updated") is now older than the draft: fetched again when next shown.
        void client.invalidateQueries({ queryKey: workflowKey(state.tenantId, state.workflowId), refetchType: 'none' });
        void client.invalidateQueries({ queryKey: workflowsKey(state.tenantId), refetchType: 'none' });
      }
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
