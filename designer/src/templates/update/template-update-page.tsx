import { useCallback, useMemo, useState } from 'react';
import type { WorkflowDefinition } from '../../../../runtime/definition/index.js';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../app/api-client.js';
import { errorMessage } from '../../app/error-message.js';
import { useWorkspace, workspacePath } from '../../app/workspace.js';
import { EmptyState, ErrorState, LoadingState } from '../../shared/page-state.js';
import { ChangeDetails } from '../../versions/compare/change-details.js';
import { CompareCanvas, type FocusRequest } from '../../versions/compare/compare-canvas.js';
import { compareDefinitions } from '../../versions/model/comparison.js';
import { applyTemplateUpdate, useTemplateUpdate, type Resolutions, type TemplateUpdate } from './api.js';
import { ConflictChoice, conflictPlace } from './conflict-choice.js';
import '../../versions/versions.css';
import '../templates.css';

/** The merge of one available update. */
function MergeView({ tenantId, workflowId, update, onReload }: { tenantId: string; workflowId: string; update: TemplateUpdate; onReload: () => void }) {
  const navigate = useNavigate();
  // The server checked both definitions; the contract types them as plain JSON objects.
  const base = update.base as unknown as WorkflowDefinition;
  const theirs = update.theirs as unknown as WorkflowDefinition;
  const comparison = useMemo(() => compareDefinitions(base, theirs), [base, theirs]);
  const [selected, setSelected] = useState<string | null>(null);
  const [focus, setFocus] = useState<FocusRequest | null>(null);
  const show = useCallback((nodeId: string) => setFocus((current) => ({ nodeId, count: (current?.count ?? 0) + 1 })), []);
  const [resolutions, setResolutions] = useState<Resolutions>({});
  const [failure, setFailure] = useState<{ text: string; stale: boolean } | null>(null);
  const [applying, setApplying] = useState(false);
  const open = update.conflicts.filter((conflict) => resolutions[conflict.id] === undefined).length;
  const editor = workspacePath(tenantId, `workflows/${workflowId}`);

  const apply = async () => {
    setApplying(true);
    setFailure(null);
    try {
      await applyTemplateUpdate(tenantId, workflowId, { version: update.latest.version, revision: update.revision, resolutions });
      await navigate(editor);
    } catch (error) {
      setFailure({ text: errorMessage(error), stale: error instanceof ApiError && error.status === 409 });
    } finally {
      setApplying(false);
    }
  };

  return (
    <>
      <p className="update-summary">
        This workflow was cloned from version {update.source.version} of the template <strong>{update.source.title}</strong>; version {update.latest.version} is available. Its changes go
        into your draft, which is then signed off like any other change.
      </p>
      <div className="compare-body">
        <div className="compare-main">
          <div className="compare-view">
            <CompareCanvas comparison={comparison} label={`What the template changed from ${update.source.version} to ${update.latest.version} (read-only)`} focus={focus} onSelect={setSelected} />
          </div>
        </div>
        <aside className="compare-side" aria-label="The update">
          <section aria-labelledby="changelog-title">
            <h2 id="changelog-title">What is new</h2>
            {update.latest.changelog.map((entry) => (
              <div key={entry.version}>
                <h3 className="small">
                  {entry.version} ({entry.date})
                </h3>
                <ul>
                  {entry.changes.map((change) => (
                    <li key={change}>{change}</li>
                  ))}
                </ul>
              </div>
            ))}
          </section>
          <section aria-labelledby="applied-title">
            <h2 id="applied-title">Applied to your draft ({update.applied.length})</h2>
            {update.applied.length === 0 ? (
              <p className="muted small">None: every change of the template touches something you changed too.</p>
            ) : (
              <ul aria-label="Changes applied to your draft">
                {update.applied.map((change) => (
                  <li key={change.id}>{conflictPlace(change)}</li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="conflicts-title">
            <h2 id="conflicts-title">Conflicts ({update.conflicts.length})</h2>
            {update.conflicts.length === 0 ? <p className="muted small">None: you changed nothing the template changed.</p> : null}
            {update.conflicts.map((conflict) => (
              <ConflictChoice key={conflict.id} conflict={conflict} choice={resolutions[conflict.id]} onChoose={(choice) => setResolutions({ ...resolutions, [conflict.id]: choice })} />
            ))}
          </section>
          {failure ? (
            <div role="alert" className="notice bad">
              <p>The update was not applied: {failure.text}</p>
              {failure.stale ? (
                <button type="button" className="button" onClick={onReload}>
                  Reload
                </button>
              ) : null}
            </div>
          ) : null}
          <div className="wizard-actions">
            <button type="button" className="button primary" onClick={() => void apply()} disabled={open > 0 || applying}>
              {applying ? 'Applying…' : 'Apply to draft'}
            </button>
            <Link className="button" to={editor}>
              Cancel
            </Link>
          </div>
          <p className="muted small" role="status">
            {open > 0 ? `${open} ${open === 1 ? 'conflict' : 'conflicts'} left to resolve.` : 'Ready to apply.'}
          </p>
          <section className="changes" aria-labelledby="node-changes-title">
            <h2 id="node-changes-title">Changed nodes</h2>
            <ChangeDetails comparison={comparison} before={base} after={theirs} selected={selected} onShow={show} />
          </section>
        </aside>
      </div>
    </>
  );
}

/**
 * Updating a cloned workflow to its template's newest version: what changed in the template (the
 * comparison view), the changes applied to the draft without a question, and each conflict — the
 * value when cloned, the template's now and the draft's — to choose between. Applying writes the
 * draft, which then goes through sign-off as usual.
 */
export function TemplateUpdatePage() {
  const { tenant } = useWorkspace();
  const { workflowId = '' } = useParams();
  const update = useTemplateUpdate(tenant.id, workflowId);
  return (
    <section className="compare-page" aria-labelledby="update-title">
      <header className="compare-header">
        <Link to={workspacePath(tenant.id, `workflows/${workflowId}`)}>← Back to the editor</Link>
        <h1 id="update-title">Update from template{update.data ? `: ${update.data.source.title}` : ''}</h1>
      </header>
      {update.isPending ? <LoadingState label="Comparing your draft with the template…" /> : null}
      {update.isError ? <ErrorState title="The update could not be prepared" error={update.error} onRetry={() => void update.refetch()} /> : null}
      {update.data?.upToDate ? (
        <EmptyState title="Up to date">
          <p>
            This workflow is on version {update.data.source.version} of {update.data.source.title}, its newest.
          </p>
        </EmptyState>
      ) : null}
      {update.data && !update.data.upToDate ? <MergeView tenantId={tenant.id} workflowId={workflowId} update={update.data} onReload={() => void update.refetch()} /> : null}
    </section>
  );
}
