import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../app/error-message.js';
import { useWorkspace, workspacePath } from '../../app/workspace.js';
import { PageNotice, type PageMessage } from '../../shared/page-notice.js';
import { EmptyState, ErrorState, LoadingState } from '../../shared/page-state.js';
import { TableHead } from '../../shared/table-head.js';
import { usePublishActions, usePublishedTemplates, type PublishedTemplate } from './api.js';

/** One published template: its versions (newest first) with where each came from, and how many customers' workflows it seeded. */
function CatalogRow({ tenantId, template, onWithdraw, onRestore, busy }: { tenantId: string; template: PublishedTemplate; onWithdraw: () => void; onRestore: () => void; busy: boolean }) {
  const latest = template.versions[0];
  return (
    <tr>
      <td>
        <strong>{template.title}</strong>
        <div className="muted small">{template.category}</div>
      </td>
      <td>
        <code>{template.slug}</code>
      </td>
      <td>
        <ul className="plain-list" aria-label={`Versions of ${template.title}`}>
          {template.versions.map((entry) => (
            <li key={entry.version}>
              {entry.version} <span className="muted small">({entry.publishedAt.slice(0, 10)}, from version {entry.workflowVersion})</span>
              {entry.changes.length > 0 ? <div className="small">{entry.changes.join(' ')}</div> : null}
            </li>
          ))}
        </ul>
      </td>
      <td>{template.clones}</td>
      <td>{template.withdrawn ? 'Withdrawn' : 'In the gallery'}</td>
      <td>
        <div className="row-actions">
          {latest ? (
            <Link className="button small" to={workspacePath(tenantId, `workflows/${latest.workflowId}`)}>
              Open workflow
            </Link>
          ) : null}
          {template.withdrawn ? (
            <button type="button" className="button small" disabled={busy} onClick={onRestore}>
              Restore
            </button>
          ) : (
            <button type="button" className="button small" disabled={busy} onClick={onWithdraw}>
              Withdraw
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}

/**
 * Settings → Templates of a partner: the templates it published for its customers, with their
 * versions and clones; withdrawing one takes it out of the customers' gallery (their clones keep
 * working), restoring puts it back. New versions are published from a workflow's versions panel.
 */
export function TemplateCatalogPage() {
  const { tenant } = useWorkspace();
  const catalog = usePublishedTemplates(tenant.id);
  const actions = usePublishActions(tenant.id);
  const [message, setMessage] = useState<PageMessage>(null);
  const withdraw = (template: PublishedTemplate) => {
    if (!window.confirm(`Withdraw "${template.title}"? Your customers no longer see it in their gallery; workflows cloned from it keep working.`)) return;
    actions.withdraw.mutate(template.slug, {
      onSuccess: () => setMessage({ kind: 'ok', text: `Withdrew “${template.title}” from the gallery.` }),
      onError: (error) => setMessage({ kind: 'bad', text: errorMessage(error) }),
    });
  };
  const restore = (template: PublishedTemplate) =>
    actions.restore.mutate(template.slug, {
      onSuccess: () => setMessage({ kind: 'ok', text: `“${template.title}” is in the gallery again.` }),
      onError: (error) => setMessage({ kind: 'bad', text: errorMessage(error) }),
    });
  return (
    <section aria-labelledby="catalog-title">
      <h2 id="catalog-title">Templates</h2>
      <p className="muted">Templates you published for your customers. To publish one, open a workflow, then Publish as template on an approved version in its Versions panel.</p>
      <PageNotice message={message} />
      {catalog.isPending ? <LoadingState label="Loading your templates…" /> : null}
      {catalog.isError ? <ErrorState title="Your templates could not be loaded" error={catalog.error} onRetry={() => void catalog.refetch()} /> : null}
      {catalog.data?.length === 0 ? (
        <EmptyState title="No templates published yet">
          <p>
            Publish an approved version of one of your <Link to={workspacePath(tenant.id, 'workflows')}>workflows</Link> and your customers find it in their Templates.
          </p>
        </EmptyState>
      ) : null}
      {catalog.data && catalog.data.length > 0 ? (
        <table className="table">
          <TableHead caption="Your published templates" columns={['Template', 'Address', 'Versions', 'Clones', 'Status']} actions />
          <tbody>
            {catalog.data.map((template) => (
              <CatalogRow
                key={template.slug}
                tenantId={tenant.id}
                template={template}
                busy={actions.withdraw.isPending || actions.restore.isPending}
                onWithdraw={() => withdraw(template)}
                onRestore={() => restore(template)}
              />
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
