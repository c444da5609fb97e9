import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useParams } from 'react-router';
import { useEditorStore } from '../store/editor-store.js';
import { flushSave, hasUnsavedChanges, savePending, watchDraft } from './draft-saver.js';

/**
 * Autosaves the open workflow's draft: every edit marks it unsaved and saves it (PUT with the
 * revision it is based on) after a short quiet time; saves never overlap; a 409 opens the conflict
 * dialog, any other failure shows on the indicator and is retried on the next edit. Leaving the
 * page with unsaved changes asks first; leaving the editor inside the app saves at once.
 */
export function useAutosave(): void {
  const client = useQueryClient();
  const { tenantId, workflowId } = useParams();
  useEffect(() => {
    const unwatch = watchDraft();
    const unsubscribe = useEditorStore.subscribe((state, previous) => {
      if (state.revision !== previous.revision && state.workflowId) {
        // The cached workflow is now older than the draft: the next time the editor opens it, it is fetched again.
        void client.invalidateQueries({ queryKey: ['workflow', state.tenantId, state.workflowId], refetchType: 'none' });
      }
    });
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (!hasUnsavedChanges()) return;
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = '';
      void flushSave();
    };
    const visibility = () => {
      if (document.visibilityState === 'hidden' && savePending()) void flushSave();
    };
    window.addEventListener('beforeunload', beforeUnload);
    document.addEventListener('visibilitychange', visibility);
    return () => {
      unwatch();
      unsubscribe();
      window.removeEventListener('beforeunload', beforeUnload);
      document.removeEventListener('visibilitychange', visibility);
      // Leaving this workflow inside the app (another page, another workflow): save what is pending
      // now, while the store still holds this workflow.
      if (hasUnsavedChanges()) void flushSave();
    };
  }, [client, tenantId, workflowId]);
}

