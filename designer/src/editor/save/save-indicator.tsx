import { Check, CircleDot, CloudOff, LoaderCircle, TriangleExclamationPoint } from 'lucide-react';
import { useShallow } from 'zustand/react/shallow';
import { useEditorStore } from '../store/editor-context.js';
import { useDraftSaver } from './draft-saver-context.js';
import './save.css';

/** Where the draft stands: saved, unsaved, saving, in conflict (reopens the dialog) or failed (retry). */
export function SaveIndicator() {
  const saver = useDraftSaver();
  const { saveStatus, saveError, revision, setSaveState } = useEditorStore(
    useShallow((state) => ({ saveStatus: state.saveStatus, saveError: state.saveError, revision: state.revision, setSaveState: state.setSaveState })),
  );
  return (
    <div className={`save-indicator ${saveStatus}`} data-testid="save-indicator" data-status={saveStatus}>
      <span role="status" aria-live="polite" className="save-status" title={saveStatus === 'saved' ? `All changes saved (revision ${revision})` : undefined}>
        {saveStatus === 'saved' ? (
          <>
            <Check size={14} aria-hidden="true" /> Saved
          </>
        ) : null}
        {saveStatus === 'dirty' ? (
          <>
            <CircleDot size={14} aria-hidden="true" /> Unsaved changes
          </>
        ) : null}
        {saveStatus === 'saving' ? (
          <>
            <LoaderCircle size={14} aria-hidden="true" className="spin" /> Saving…
          </>
        ) : null}
        {saveStatus === 'conflict' ? (
          <>
            <TriangleExclamationPoint size={14} aria-hidden="true" /> Not saved: someone else saved first
          </>
        ) : null}
        {saveStatus === 'error' ? (
          <>
            <CloudOff size={14} aria-hidden="true" /> Not saved: {saveError ?? 'the save failed'}
          </>
        ) : null}
      </span>
      {saveStatus === 'conflict' ? (
        <button type="button" className="button subtle save-action" onClick={() => setSaveState({ conflictOpen: true })}>
          Resolve…
        </button>
      ) : null}
      {saveStatus === 'error' ? (
        <button type="button" className="button subtle save-action" onClick={() => void saver.flushSave()}>
          Retry
        </button>
      ) : null}
    </div>
  );
}
