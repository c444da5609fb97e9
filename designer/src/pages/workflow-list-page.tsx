import { useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../app/api-client.js';
import type { WorkflowSummary } from '../app/api-types.js';
import { useMe } from '../app/session.js';
import { exportWorkflow, useWorkflowActions, useWorkflows } from '../workflows/workflow-api.js';

function Badges({ workflow }: { workflow: WorkflowSummary }) {
  return (
    <span className="badges">
      {workflow.archived ? <span className="badge archived">archived</span> : null}
      {workflow.activeVersion !== null ? <span className="badge active">active v{workflow.activeVersion}</span> : <span className="badge draft">draft</span>}
      {workflow.pendingVersions > 0 ? <span className="badge pending">{workflow.pendingVersions} pending</span> : null}
    </span>
  );
}

/** What an empty list says; a partner's empty workspace points to its customers' workspaces. */
function EmptyList({ tenantId, filtered }: { tenantId: string; filtered: boolean }) {
  const { me } = useMe();
  if (filtered) return <p className="empty">No workflow matches the search.</p>;
  const others = me?.workspaces.filter((workspace) => workspace.tenant.id !== tenantId) ?? [];
  return (
    <p className="empty">
      No workflows yet. Create one, or import a JSON file.
      {others.length > 0 ? (
        <>
          {' '}Other workspaces:{' '}
          {others.map((workspace, index) => (
            <span key={workspace.tenant.id}>
              {index > 0 ? ', ' : null}
              <Link to={`/t/${workspace.tenant.id}/workflows`}>{workspace.tenant.name}</Link>
            </span>
          ))}
          .
        </>
      ) : null}
    </p>
  );
}

/** The workspace's workflows: search, status badges, create, import, export, archive. */
export function WorkflowListPage() {
  const { tenantId = '' } = useParams();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState('');
  const [name, setName] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const workflows = useWorkflows(tenantId, search, status);
  const actions = useWorkflowActions(tenantId);
  const fail = (error: unknown) => setMessage(error instanceof ApiError ? error.message : String(error));

  const create = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    actions.create.mutate(name.trim(), { onSuccess: (created) => void navigate(`/t/${tenantId}/workflows/${created.id}`), onError: fail });
  };
  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    try {
      const document = JSON.parse(await file.text()) as Record<string, unknown>;
      const created = await actions.importDocument.mutateAsync(document);
      await navigate(`/t/${tenantId}/workflows/${created.id}`);
    } catch (error) {
      fail(error instanceof SyntaxError ? `${file.name} is not valid JSON` : error);
    }
  };

  return (
    <section className="workflow-list">
      <div className="toolbar">
        <h1>Workflows</h1>
        <input type="search" placeholder="Search workflows" aria-label="Search workflows" value={search} onChange={(event) => setSearch(event.target.value)} />
        <select aria-label="Status" value={status} onChange={(event) => setStatus(event.target.value)}>
          <option value="">All</option>
          <option value="draft">Draft</option>
          <option value="active">Active</option>
          <option value="pending">Pending sign-off</option>
          <option value="archived">Archived</option>
        </select>
        <form onSubmit={create} className="inline-form">
          <input placeholder="New workflow name" aria-label="New workflow name" value={name} onChange={(event) => setName(event.target.value)} />
          <button type="submit" className="button primary">
            Create
          </button>
        </form>
        <button type="button" className="button" onClick={() => fileInput.current?.click()}>
          Import JSON
        </button>
        <input ref={fileInput} type="file" accept="application/json,.json" hidden aria-label="Import file" onChange={(event) => void importFile(event)} />
      </div>
      {message ? (
        <p role="alert" className="error">
          {message}
        </p>
      ) : null}
      {workflows.isLoading ? <p aria-busy="true">Loading…</p> : null}
      <table className="table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Status</th>
            <th>Updated</th>
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {(workflows.data ?? []).map((workflow) => (
            <tr key={workflow.id}>
              <td>
                <Link to={`/t/${tenantId}/workflows/${workflow.id}`}>{workflow.name}</Link>
                <div className="muted">{workflow.description}</div>
              </td>
              <td>
                <Badges workflow={workflow} />
              </td>
              <td>{new Date(workflow.updatedAt).toLocaleString()}</td>
              <td className="row-actions">
                <button type="button" className="button subtle" onClick={() => void exportWorkflow(tenantId, workflow).catch(fail)}>
                  Export
                </button>
                {!workflow.archived ? (
                  <button
                    type="button"
                    className="button subtle"
                    onClick={() => {
                      if (window.confirm(`Archive "${workflow.name}"? Its triggers stop.`)) actions.archive.mutate(workflow.id, { onError: fail });
                    }}
                  >
                    Archive
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {workflows.data?.length === 0 ? <EmptyList tenantId={tenantId} filtered={search !== '' || status !== ''} /> : null}
    </section>
  );
}
