import { errorMessage } from '../app/error-message.js';
import { ModalDialog } from '../shared/modal-dialog.js';
import { useVersionActions } from './api.js';

/** What a restore leaves in the draft. */
export interface RestoredDraft {
  readonly revision: number;
  readonly draft: Record<string, unknown>;
}

/**
 * Copies a version into the draft, after saying what that replaces. `beforeRestore` lets the editor
 * save first, so the restore is made on the draft the server has.
 */
export function RestoreDialog({
  tenantId,
  workflowId,
  version,
  beforeRestore,
  onRestored,
  onClose,
}: {
  tenantId: string;
  workflowId: string;
  version: number;
  beforeRestore?: () => Promise<unknown>;
  onRestored: (restored: RestoredDraft) => void;
  onClose: () => void;
}) {
  const { restore } = useVersionActions(tenantId, workflowId);
  const confirm = async () => {
    await beforeRestore?.();
    restore.mutate(version, {
      onSuccess: (restored) => {
        onRestored(restored);
        onClose();
      },
    });
  };
  return (
    <ModalDialog title={`Restore version ${version} into the draft`} onClose={onClose} className="restore-dialog">
      <p>
        The draft is replaced by version {version}. Versions never change, so nothing submitted is lost; changes in the draft that are in no version are. The
        restore is recorded.
      </p>
      {restore.isError ? (
        <p role="alert" className="error small">
          {errorMessage(restore.error)}
        </p>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button primary" disabled={restore.isPending} onClick={() => void confirm()}>
          {restore.isPending ? 'Restoring…' : 'Restore into draft'}
        </button>
      </div>
    </ModalDialog>
  );
}
