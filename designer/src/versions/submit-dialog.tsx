import { Send } from 'lucide-react';
import { useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ApiError } from '../app/api-client.js';
import { errorMessage } from '../app/error-message.js';
import { useDraftSaver } from '../editor/save/draft-saver-context.js';
import { useEditorStore, useEditorStoreApi } from '../editor/store/editor-context.js';
import { ModalDialog } from '../shared/modal-dialog.js';
import { useVersionActions } from './api.js';

/** Why a submission failed: the message, and for an invalid draft each problem with its path. */
interface Failure {
  readonly message: string;
  readonly problems: readonly { path: string; message: string }[];
}

/** Saves the draft and submits it as the next version, pending sign-off, with a note for the approvers. */
function SubmitDialog({ onClose }: { onClose: () => void }) {
  const store = useEditorStoreApi();
  const saver = useDraftSaver();
  const { tenantId, workflowId } = useEditorStore(useShallow((state) => ({ tenantId: state.tenantId, workflowId: state.workflowId })));
  const { submit } = useVersionActions(tenantId, workflowId);
  const noteId = useId();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const send = async () => {
    setBusy(true);
    setFailure(null);
    try {
      let status = await saver.flushSave();
      if (status === 'dirty') status = await saver.flushSave();
      if (status === 'conflict' || status === 'error') {
        setFailure({ message: 'The draft could not be saved, so it was not submitted; resolve the save problem shown in the toolbar first.', problems: [] });
        return;
      }
      await submit.mutateAsync(note.trim());
      store.getState().setPanel('versions');
      onClose();
    } catch (error) {
      setFailure({ message: capitalise(errorMessage(error)), problems: error instanceof ApiError ? error.details : [] });
    } finally {
      setBusy(false);
    }
  };
  return (
    <ModalDialog title="Submit for approval" onClose={onClose} className="submit-dialog">
      <p>The saved draft becomes the next version, pending sign-off. Approvers see it with your note; the draft stays open for further edits.</p>
      <label htmlFor={noteId} className="field-label">
        Note for the approvers
      </label>
      <textarea id={noteId} rows={3} maxLength={5000} value={note} onChange={(event) => setNote(event.target.value)} placeholder="What changed and why" />
      {failure ? (
        <div role="alert" className="submit-failure">
          <p className="error">{failure.message}</p>
          {failure.problems.length > 0 ? (
            <ul className="problem-list">
              {failure.problems.map((problem) => (
                <li key={`${problem.path}:${problem.message}`}>
                  {problem.message} <code className="muted">{problem.path}</code>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button primary" disabled={busy} onClick={() => void send()}>
          {busy ? 'Submitting…' : 'Submit for approval'}
        </button>
      </div>
    </ModalDialog>
  );
}

/** The toolbar's Submit for approval button and its dialog (an editor that may submit). */
export function SubmitButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button toolbar-submit" onClick={() => setOpen(true)}>
        <Send size={16} aria-hidden="true" />
        Submit for approval
      </button>
      {open ? <SubmitDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1).replace(/\.$/, '') + '.';
}
