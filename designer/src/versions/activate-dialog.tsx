import { useId, useState } from 'react';
import { errorMessage } from '../app/error-message.js';
import { ModalDialog } from '../shared/modal-dialog.js';
import { useRunsInFlight, useVersionActions } from './api.js';
import { isRollback } from './model/version-states.js';

/** "3 runs are", "1 run is". */
function runsAre(count: number): string {
  return count === 1 ? '1 run is' : `${count} runs are`;
}

/**
 * Makes an approved version live, with the reason recorded. Going back to an earlier version is
 * the rollback: one action, whose confirmation says how many runs are in flight on the current
 * version and that they finish on it.
 */
export function ActivateDialog({
  tenantId,
  workflowId,
  version,
  activeVersion,
  onClose,
}: {
  tenantId: string;
  workflowId: string;
  version: number;
  activeVersion: number | null;
  onClose: () => void;
}) {
  const rollback = isRollback(version, activeVersion);
  const action = rollback ? 'Roll back' : 'Activate';
  const reasonId = useId();
  const [reason, setReason] = useState('');
  const { activate } = useVersionActions(tenantId, workflowId);
  const inFlight = useRunsInFlight(tenantId, workflowId, activeVersion !== null);
  const onCurrent = activeVersion === null ? 0 : (inFlight.data?.versions.find((entry) => entry.version === activeVersion)?.count ?? 0);
  const elsewhere = (inFlight.data?.versions ?? []).filter((entry) => entry.version !== activeVersion && entry.count > 0);
  const valid = reason.trim().length >= 3;
  const confirm = () => activate.mutate({ version, reason: reason.trim() }, { onSuccess: onClose });
  return (
    <ModalDialog title={rollback ? `Roll back to version ${version}` : `Activate version ${version}`} onClose={onClose} className="activate-dialog">
      <p>
        {rollback
          ? `Version ${version} becomes the active version again, replacing version ${activeVersion}. New runs use version ${version}.`
          : `Version ${version} becomes the active version${activeVersion === null ? '' : `, replacing version ${activeVersion}`}: webhooks, schedules and new runs use it.`}
      </p>
      {activeVersion !== null ? (
        <p className="in-flight" data-testid="runs-in-flight">
          {inFlight.isPending
            ? 'Counting the runs in flight…'
            : inFlight.isError
              ? `The runs in flight could not be counted (${errorMessage(inFlight.error)}); whatever is in flight on version ${activeVersion} finishes on it.`
              : `${capitalise(runsAre(onCurrent))} in flight on version ${activeVersion}; ${onCurrent === 1 ? 'it finishes' : 'they finish'} on version ${activeVersion}.`}
          {elsewhere.length > 0
            ? ` Also in flight: ${elsewhere.map((entry) => `${entry.count} on version ${entry.version}`).join(', ')}; every run finishes on the version it started on.`
            : null}
        </p>
      ) : null}
      <label htmlFor={reasonId} className="field-label">
        Reason (recorded in the history and the audit log)
      </label>
      <textarea id={reasonId} rows={3} minLength={3} maxLength={2000} value={reason} onChange={(event) => setReason(event.target.value)} required />
      {activate.isError ? (
        <p role="alert" className="error small">
          {capitalise(errorMessage(activate.error))}
        </p>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className={rollback ? 'button danger' : 'button primary'} disabled={!valid || activate.isPending} onClick={confirm}>
          {activate.isPending ? `${action === 'Roll back' ? 'Rolling back' : 'Activating'}…` : action}
        </button>
      </div>
    </ModalDialog>
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
