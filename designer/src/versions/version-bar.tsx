import { Link } from 'react-router';
import { useShallow } from 'zustand/react/shallow';
import { can, refusalReason } from '../app/permissions.js';
import { useMe } from '../app/session.js';
import { useWorkspace, workspacePath } from '../app/workspace.js';
import { useEditorStore } from '../editor/store/editor-context.js';
import { TemplateUpdateNotice } from '../templates/update/update-notice.js';
import { useVersions } from './api.js';
import { comparePath } from './model/compare-sides.js';
import { approvalProgress, reviewRefusal } from './model/version-states.js';
import { useDraftStatus } from './use-draft-status.js';

/**
 * The line under the editor's toolbar that says which version is live, which wait for sign-off
 * (with a way to review them) and whether the draft differs from the latest version — so nobody
 * mistakes the draft on the canvas for what runs or for what was submitted.
 */
export function VersionBar() {
  const workspace = useWorkspace();
  const { me } = useMe();
  const { tenantId, workflowId } = useEditorStore(useShallow((state) => ({ tenantId: state.tenantId, workflowId: state.workflowId })));
  const versions = useVersions(tenantId, workflowId);
  const draft = useDraftStatus(tenantId, workflowId, versions.data);
  // The bar's place is kept while it loads, so the canvas does not jump under the pointer when it arrives.
  if (!versions.data) return <div className="version-bar" aria-hidden="true" />;
  const active = versions.data.find((version) => version.active);
  const pending = versions.data.filter((version) => version.status === 'pending');
  const roleRefusal = can(workspace, 'version.review') ? null : refusalReason(workspace, 'version.review');
  const mine = pending.filter((version) => reviewRefusal(version, { userId: me?.user.id ?? '', roleRefusal }) === null);
  return (
    <div className="version-bar" role="region" aria-label="Versions of this workflow">
      <span className="version-fact" data-testid="live-version">
        {active ? (
          <>
            Live: <strong>version {active.version}</strong>
          </>
        ) : (
          'No version is live'
        )}
      </span>
      {pending.map((version) => (
        <span key={version.version} className="version-fact pending">
          Version {version.version} waits for sign-off ({approvalProgress(version)}){' '}
          <Link to={workspacePath(tenantId, comparePath(workflowId, active?.version ?? (version.version > 1 ? version.version - 1 : 'none'), version.version))}>
            {mine.includes(version) ? `Review version ${version.version}` : 'Compare'}
          </Link>
        </span>
      ))}
      <TemplateUpdateNotice tenantId={tenantId} workflowId={workflowId} />
      <span className="version-fact" data-testid="draft-differs">
        {draft.kind === 'unsubmitted' ? 'Draft: never submitted' : null}
        {draft.kind === 'same' ? `Draft: the same as version ${draft.version}` : null}
        {draft.kind === 'changed' ? `Draft: changed since version ${draft.version}` : null}
      </span>
      {mine.length > 0 ? <span className="version-fact note">You are looking at the draft; sign-off is given on the submitted version.</span> : null}
    </div>
  );
}
