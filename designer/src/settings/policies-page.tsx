import { useState, type FormEvent } from 'react';
import type { Policy } from '../app/api-types.js';
import { errorMessage } from '../app/error-message.js';
import { useCan } from '../app/permissions.js';
import { useWorkspace } from '../app/workspace.js';
import { ErrorState, LoadingState } from '../shared/page-state.js';
import { usePolicy, useSavePolicy } from './api.js';
import { PageNotice, type PageMessage } from '../shared/page-notice.js';

/**
 * The workspace's rules: approvals per version (never below the partner's floor), whether
 * someone other than the submitter must activate, how long run data is kept, and — for a partner —
 * the floor for its customers. Owners change them; everyone may read them.
 */
export function PoliciesPage() {
  const { tenant } = useWorkspace();
  const policy = usePolicy(tenant.id);
  if (policy.isPending) return <LoadingState label="Loading the policies…" />;
  if (policy.isError) return <ErrorState title="The policies could not be loaded" error={policy.error} onRetry={() => void policy.refetch()} />;
  return <PolicyForm key={tenant.id} tenantId={tenant.id} partner={tenant.kind === 'partner'} saved={policy.data} />;
}

function PolicyForm({ tenantId, partner, saved }: { tenantId: string; partner: boolean; saved: Policy }) {
  const can = useCan();
  const editable = can('policy.manage');
  const save = useSavePolicy(tenantId);
  const [requiredApprovals, setRequired] = useState(saved.requiredApprovals);
  const [separate, setSeparate] = useState(saved.requireSeparateActivator);
  const [retentionDays, setRetention] = useState(saved.retentionDays);
  const [floor, setFloor] = useState(saved.customerApprovalFloor ?? 1);
  const [message, setMessage] = useState<PageMessage>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      { requiredApprovals, retentionDays, requireSeparateActivator: separate, ...(partner ? { customerApprovalFloor: floor } : {}) },
      {
        onSuccess: () => setMessage({ kind: 'ok', text: 'The policies were saved; they apply to the next sign-off and activation.' }),
        onError: (error) => setMessage({ kind: 'bad', text: errorMessage(error) }),
      },
    );
  };
  return (
    <section aria-labelledby="policies-title">
      <h1 id="policies-title">Policies</h1>
      <p className="page-intro">The rules every version and run of this workspace follows.{editable ? '' : ' Owners change them.'}</p>
      <PageNotice message={message} />
      <form className="settings-form" onSubmit={submit} aria-label="Policies">
        <fieldset disabled={!editable} style={{ border: 0, padding: 0, display: 'grid', gap: 12 }}>
          <label>
            Approvals required per version
            <input type="number" min={Math.max(1, saved.approvalFloor)} max={10} required value={requiredApprovals} onChange={(event) => setRequired(Number(event.target.value))} aria-describedby="approvals-hint" />
          </label>
          <p className="field-hint" id="approvals-hint">
            How many approvers must sign off a version before it can be activated; its author never counts.
            {saved.approvalFloor > 1 ? ` Your partner requires at least ${saved.approvalFloor}.` : ''}
            {saved.effectiveRequiredApprovals !== saved.requiredApprovals ? ` Sign-off needs ${saved.effectiveRequiredApprovals} now.` : ''}
          </p>
          <label className="checkbox">
            <input type="checkbox" checked={separate} onChange={(event) => setSeparate(event.target.checked)} />
            Someone other than the submitter activates a version
          </label>
          <label>
            Keep run data for (days)
            <input type="number" min={1} max={3650} required value={retentionDays} onChange={(event) => setRetention(Number(event.target.value))} aria-describedby="retention-hint" />
          </label>
          <p className="field-hint" id="retention-hint">
            Finished runs, their steps and data are deleted after this many days.
          </p>
          {partner ? (
            <>
              <label>
                Fewest approvals any customer may require
                <input type="number" min={1} max={10} required value={floor} onChange={(event) => setFloor(Number(event.target.value))} aria-describedby="floor-hint" />
              </label>
              <p className="field-hint" id="floor-hint">
                Your customers can ask for more, never fewer; raising it applies to them at once.
              </p>
            </>
          ) : null}
          {editable ? (
            <div className="form-actions">
              <button type="submit" className="button primary" disabled={save.isPending}>
                Save policies
              </button>
            </div>
          ) : null}
        </fieldset>
      </form>
    </section>
  );
}
