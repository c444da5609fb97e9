import { useEffect, useRef, useState } from 'react';
import { useBlocker } from 'react-router';
import { useEditorStoreApi } from '../store/editor-context.js';
import { useDraftSaver } from './draft-saver-context.js';
import './save.css';

/**
 * Guards leaving the editor inside the app (a link, Back) with unsaved changes: the draft is saved
 * first and the navigation goes on; when it cannot be saved (a conflict, a failure), a dialog says
 * so and lets the user stay or leave — the edits are kept in this browser and come back when the
 * workflow is opened again.
 */
export function LeaveGuard() {
  const store = useEditorStoreApi();
  const saver = useDraftSaver();
  const blocker = useBlocker(({ currentLocation, nextLocation }) => currentLocation.pathname !== nextLocation.pathname && saver.hasUnsavedChanges());
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    let current = true;
    void saver.flushSave().then((status) => {
      if (!current) return;
      if (status === 'saved' || !saver.hasUnsavedChanges()) blocker.proceed();
      else setFailure(status === 'conflict' ? 'someone else saved this workflow after you opened it' : (store.getState().saveError ?? 'the save failed'));
    });
    return () => {
      current = false;
    };
  }, [blocker, saver, store]);

  if (blocker.state !== 'blocked' || failure === null) return null;
  const stay = () => {
    setFailure(null);
    blocker.reset();
  };
  const leave = () => {
    saver.keepUnsaved();
    setFailure(null);
    blocker.proceed();
  };
  return <LeaveDialog failure={failure} onStay={stay} onLeave={leave} />;
}

function LeaveDialog({ failure, onStay, onLeave }: { failure: string; onStay: () => void; onLeave: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="leave-dialog"
      aria-labelledby="leave-title"
      aria-describedby="leave-summary"
      onCancel={(event) => {
        event.preventDefault();
        onStay();
      }}
    >
      <h2 id="leave-title">Your changes are not saved</h2>
      <p id="leave-summary">
        They could not be saved: {failure}. If you leave, they are kept in this browser and offered again when you open this workflow.
      </p>
      <div className="dialog-actions">
        <button type="button" className="button primary" onClick={onStay} autoFocus>
          Stay
        </button>
        <button type="button" className="button" onClick={onLeave}>
          Leave
        </button>
      </div>
    </dialog>
  );
}
