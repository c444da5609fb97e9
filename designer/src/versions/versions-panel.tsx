import { useState } from 'react';
import { Link } from 'react-router';
import { useShallow } from 'zustand/react/shallow';
import { can } from '../app/permissions.js';
import { useWorkspace, workspacePath } from '../app/workspace.js';
import { useEditorStore } from '../editor/store/editor-context.js';
import { EmptyState, ErrorState, LoadingState } from '../shared/page-state.js';
import { PublishDialog } from '../templates/publish/publish-dialog.js';
import { ActivateDialog } from './activate-dialog.js';
import { useActivations, useVersions } from './api.js';
import { comparePath } from './model/compare-sides.js';
import { versionState } from './model/version-states.js';
import { RestoreDialog, type RestoredDraft } from './restore-dialog.js';
import { useDraftStatus } from './use-draft-status.js';
import { StateBadge, VersionEntry } from './version-entry.js';
import './versions.css';

/** How the editor takes a restored draft: save what is pending first, then load what the server restored. */
export interface DraftControl {
  readonly flush: () => Promise<unknown>;
  readonly reload: (restored: RestoredDraft) => void;
}

/**
 * The Versions panel beside the canvas: the draft (and whether it differs from the latest version),
 * then every version, newest first, with its state, author, time and note, its approvals and
 * rejections, and its activations and rollbacks; Compare, Activate or Roll back, Restore into draft.
 * `draft` is given by an editor that may change the draft (restoring is offered only there).
 */
export function VersionsPanel({ draft }: { draft?: DraftControl }) {
  const workspace = useWorkspace();
  const { tenantId, workflowId, workflowName } = useEditorStore(useShallow((state) => ({ tenantId: state.tenantId, workflowId: state.workflowId, workflowName: state.meta.name })));
  const versions = useVersions(tenantId, workflowId);
  const activations = useActivations(tenantId, workflowId);
  const status = useDraftStatus(tenantId, workflowId, versions.data);
  const [activating, setActivating] = useState<number | null>(null);
  const [restoring, setRestoring] = useState<number | null>(null);
  const [publishing, setPublishing] = useState<number | null>(null);
  if (versions.isPending || activations.isPending) return <LoadingState label="Loading the versions…" />;
  if (versions.isError || activations.isError) {
    return (
      <ErrorState
        title="The versions could not be loaded"
        error={versions.error ?? activations.error}
        onRetry={() => {
          void versions.refetch();
          void activations.refetch();
        }}
      />
    );
  }
  const list = versions.data;
  const history = activations.data;
  const activeVersion = list.find((version) => version.active)?.version ?? null;
  const mayActivate = can(workspace, 'workflow.activate');
  const mayRestore = draft !== undefined && can(workspace, 'workflow.write');
  const mayPublish = workspace.tenant.kind === 'partner' && can(workspace, 'template.publish');
  return (
    <section className="versions-panel" aria-label="Versions">
      <div className="draft-entry">
        <div className="version-head">
          <h3>Draft</h3>
          <StateBadge state="draft" />
        </div>
        <p className="version-meta" data-testid="draft-status">
          {status.kind === 'unsubmitted' ? 'Never submitted: no version yet.' : null}
          {status.kind === 'checking' ? 'Comparing with the latest version…' : null}
          {status.kind === 'same' ? `The same as version ${status.version}.` : null}
          {status.kind === 'changed' ? `Changed since version ${status.version}.` : null}
        </p>
        {status.kind === 'changed' ? (
          <Link className="button small-button" to={workspacePath(tenantId, comparePath(workflowId, status.version, 'draft'))}>
            Compare draft with version {status.version}
          </Link>
        ) : null}
      </div>
      {list.length === 0 ? (
        <EmptyState title="No versions yet">
          <p>Submit the draft for approval to create version 1.</p>
        </EmptyState>
      ) : (
        <ol className="version-list" aria-label="Versions, newest first">
          {list.map((version) => (
            <VersionEntry
              key={version.version}
              tenantId={tenantId}
              version={version}
              state={versionState(version, history)}
              activations={history.filter((activation) => activation.version === version.version)}
              versions={list}
              activeVersion={activeVersion}
              actions={{ onActivate: mayActivate ? setActivating : undefined, onRestore: mayRestore ? setRestoring : undefined, onPublish: mayPublish ? setPublishing : undefined }}
            />
          ))}
        </ol>
      )}
      {activating !== null ? (
        <ActivateDialog tenantId={tenantId} workflowId={workflowId} version={activating} activeVersion={activeVersion} onClose={() => setActivating(null)} />
      ) : null}
      {publishing !== null ? <PublishDialog tenantId={tenantId} workflowId={workflowId} workflowName={workflowName} version={publishing} onClose={() => setPublishing(null)} /> : null}
      {restoring !== null && draft ? (
        <RestoreDialog
          tenantId={tenantId}
          workflowId={workflowId}
          version={restoring}
          beforeRestore={draft.flush}
          onRestored={draft.reload}
          onClose={() => setRestoring(null)}
        />
      ) : null}
    </section>
  );
}
