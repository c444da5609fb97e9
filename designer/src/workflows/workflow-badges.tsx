import type { WorkflowSummary } from '../app/api-types.js';

/** A workflow's state in the list: archived, active version or draft, versions waiting for sign-off. */
export function WorkflowBadges({ workflow }: { workflow: WorkflowSummary }) {
  return (
    <span className="badges">
      {workflow.archived ? <span className="badge archived">archived</span> : null}
      {workflow.activeVersion !== null ? <span className="badge active">active v{workflow.activeVersion}</span> : <span className="badge draft">draft</span>}
      {workflow.pendingVersions > 0 ? <span className="badge pending">{workflow.pendingVersions} pending</span> : null}
    </span>
  );
}
