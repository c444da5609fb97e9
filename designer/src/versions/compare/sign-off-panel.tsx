import { useState } from 'react';
import { Link } from 'react-router';
import type { Activation, WorkflowVersion } from '../../app/api-types.js';
import { DateTime } from '../../app/date-time.js';
import { can, refusalReason } from '../../app/permissions.js';
import { useMe } from '../../app/session.js';
import { useWorkspace, workspacePath } from '../../app/workspace.js';
import { DecisionForm } from '../../shared/decision-form.js';
import { ActivateDialog } from '../activate-dialog.js';
import { useVersionActions } from '../api.js';
import { activationRefusal, approvalProgress, isRollback, reviewRefusal, versionState } from '../model/version-states.js';
import { RestoreDialog } from '../restore-dialog.js';
import { StateBadge } from '../version-entry.js';

/**
 * What can be done with the version on the later side of a comparison: its sign-off (N of M
 * progress, who decided, Approve and Reject with a comment — disabled, with the reason, where the
 * user may not), making it live (Activate, or Roll back to an earlier version) and Restore into draft.
 */
export function SignOffPanel({
  version,
  activations,
  activeVersion,
}: {
  version: WorkflowVersion;
  activations: readonly Activation[];
  activeVersion: number | null;
}) {
  const workspace = useWorkspace();
  const { me } = useMe();
  const tenantId = workspace.tenant.id;
  const { review } = useVersionActions(tenantId, version.workflowId);
  const [dialog, setDialog] = useState<'activate' | 'restore' | null>(null);
  const [restored, setRestored] = useState(false);
  const state = versionState(version, activations);
  const refusal = reviewRefusal(version, { userId: me?.user.id ?? '', roleRefusal: can(workspace, 'version.review') ? null : refusalReason(workspace, 'version.review') });
  const goLive = activationRefusal(version, can(workspace, 'workflow.activate') ? null : refusalReason(workspace, 'workflow.activate'));
  const rollback = isRollback(version.version, activeVersion);
  return (
    <section className="sign-off" aria-labelledby="sign-off-title">
      <div className="version-head">
        <h2 id="sign-off-title">Version {version.version}</h2>
        <StateBadge state={state} />
      </div>
      <p className="version-meta">
        Submitted by {version.authorName}, <DateTime iso={version.createdAt} />
      </p>
      {version.note ? <p className="version-note">{version.note}</p> : null}
      <p className="approval-progress" data-testid="approval-progress">
        {approvalProgress(version)}
      </p>
      {version.reviews.length > 0 ? (
        <ul className="version-history" aria-label="Decisions">
          {version.reviews.map((entry) => (
            <li key={entry.reviewerId} className="history-line">
              <span className={`history-kind ${entry.decision}`}>{entry.decision === 'approve' ? 'Approved' : 'Rejected'}</span> by {entry.reviewerName},{' '}
              <DateTime iso={entry.createdAt} />
              {entry.comment ? <q className="history-comment">{entry.comment}</q> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {version.status === 'pending' ? (
        <DecisionForm refusal={refusal} onDecide={(decision, comment) => review.mutateAsync({ version: version.version, decision, comment })} />
      ) : null}
      {version.status === 'approved' && !version.active ? (
        <div className="go-live">
          <button type="button" className={rollback ? 'button danger' : 'button primary'} disabled={goLive !== null} onClick={() => setDialog('activate')}>
            {rollback ? `Roll back to version ${version.version}` : `Activate version ${version.version}`}
          </button>
          {goLive ? <p className="decision-refusal">{goLive}</p> : null}
        </div>
      ) : null}
      {can(workspace, 'workflow.write') ? (
        <div className="restore">
          <button type="button" className="button" onClick={() => setDialog('restore')}>
            Restore into draft
          </button>
          {restored ? (
            <p role="status" className="small">
              Version {version.version} is now the draft. <Link to={workspacePath(tenantId, `workflows/${encodeURIComponent(version.workflowId)}`)}>Open the editor</Link>
            </p>
          ) : null}
        </div>
      ) : null}
      {dialog === 'activate' ? (
        <ActivateDialog tenantId={tenantId} workflowId={version.workflowId} version={version.version} activeVersion={activeVersion} onClose={() => setDialog(null)} />
      ) : null}
      {dialog === 'restore' ? (
        <RestoreDialog tenantId={tenantId} workflowId={version.workflowId} version={version.version} onRestored={() => setRestored(true)} onClose={() => setDialog(null)} />
      ) : null}
    </section>
  );
}
