import { Link } from 'react-router';
import type { Activation, WorkflowVersion } from '../app/api-types.js';
import { DateTime } from '../app/date-time.js';
import { workspacePath } from '../app/workspace.js';
import { comparePath, defaultSides } from './model/compare-sides.js';
import { STATE_LABELS, approvalProgress, isRollback, type VersionState } from './model/version-states.js';

/** A version's state as a badge. */
export function StateBadge({ state }: { state: VersionState | 'draft' }) {
  return <span className={`badge state-${state}`}>{STATE_LABELS[state]}</span>;
}

/** One activation in words: "Activated by Alex Approver" or "Rolled back from version 2 by …". */
function ActivationLine({ activation }: { activation: Activation }) {
  const rollback = activation.previousVersion !== null && isRollback(activation.version, activation.previousVersion);
  return (
    <li className="history-line">
      <span className={rollback ? 'history-kind rollback' : 'history-kind activation'}>
        {rollback ? `Rolled back from version ${activation.previousVersion}` : 'Activated'}
      </span>{' '}
      by {activation.actorName}, <DateTime iso={activation.createdAt} />
      {activation.reason ? <q className="history-comment">{activation.reason}</q> : null}
    </li>
  );
}

/** What may be done with the version from the list (each shown only where allowed). */
export interface VersionEntryActions {
  readonly onActivate?: (version: number) => void;
  readonly onRestore?: (version: number) => void;
  /** Publishing an approved version as a template (partner workspaces that may). */
  readonly onPublish?: (version: number) => void;
}

/**
 * One version in the versions panel: number, state, author, time and note; under it its approvals
 * and rejections and every activation and rollback; Compare (Review, while it awaits sign-off),
 * and Activate or Roll back and Restore into draft where the user's roles allow.
 */
export function VersionEntry({
  tenantId,
  version,
  state,
  activations,
  versions,
  activeVersion,
  actions,
}: {
  tenantId: string;
  version: WorkflowVersion;
  state: VersionState;
  activations: readonly Activation[];
  versions: readonly WorkflowVersion[];
  activeVersion: number | null;
  actions: VersionEntryActions;
}) {
  const sides = defaultSides({ versions, activeVersion }, { to: version.version });
  const compare = workspacePath(tenantId, comparePath(version.workflowId, sides.from, sides.to));
  const canActivate = version.status === 'approved' && !version.active && actions.onActivate;
  const rollback = isRollback(version.version, activeVersion);
  return (
    <li className={`version-entry state-${state}`} data-version={version.version}>
      <div className="version-head">
        <h3>Version {version.version}</h3>
        <StateBadge state={state} />
        {state === 'pending' ? <span className="muted small">{approvalProgress(version)}</span> : null}
      </div>
      <p className="version-meta">
        {version.authorName}, <DateTime iso={version.createdAt} />
      </p>
      {version.note ? <p className="version-note">{version.note}</p> : null}
      {version.reviews.length + activations.length > 0 ? (
        <ul className="version-history" aria-label={`History of version ${version.version}`}>
          {version.reviews.map((review) => (
            <li key={review.reviewerId} className="history-line">
              <span className={`history-kind ${review.decision}`}>{review.decision === 'approve' ? 'Approved' : 'Rejected'}</span> by {review.reviewerName},{' '}
              <DateTime iso={review.createdAt} />
              {review.comment ? <q className="history-comment">{review.comment}</q> : null}
            </li>
          ))}
          {[...activations].reverse().map((activation) => (
            <ActivationLine key={`${activation.createdAt}-${activation.version}`} activation={activation} />
          ))}
        </ul>
      ) : null}
      <div className="version-actions">
        <Link className="button small-button" to={compare}>
          Compare
        </Link>
        {canActivate ? (
          <button type="button" className="button small-button" onClick={() => actions.onActivate?.(version.version)}>
            {rollback ? 'Roll back' : 'Activate'}
          </button>
        ) : null}
        {actions.onRestore ? (
          <button type="button" className="button small-button" onClick={() => actions.onRestore?.(version.version)}>
            Restore into draft
          </button>
        ) : null}
        {actions.onPublish && version.status === 'approved' ? (
          <button type="button" className="button small-button" onClick={() => actions.onPublish?.(version.version)}>
            Publish as template
          </button>
        ) : null}
      </div>
    </li>
  );
}
