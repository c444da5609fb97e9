import { useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { DateTime } from '../app/date-time.js';
import { errorMessage } from '../app/error-message.js';
import { useCan } from '../app/permissions.js';
import { useWorkspace } from '../app/workspace.js';
import { RunDialog } from '../runs/manual/run-dialog.js';
import { ErrorState, LoadingState } from '../shared/page-state.js';
import type { WorkflowSummary } from '../app/api-types.js';
import { exportWorkflow, useWorkflowActions, useWorkflows } from './api.js';
import { EmptyList } from './empty-list.js';
import { WorkflowBadges } from './workflow-badges.js';

/**
 * The workspace's workflows: search and filter (kept in the URL), status badges, export, and —
 * for roles that may edit workflows — create, import and archive.
 */
export function WorkflowListPage() {
  const { tenant } = useWorkspace();
  const tenantId = tenant.id;
  const can = useCan();
  const canWrite = can('workflow.write');
  const navigate = useNavigate();
  // The search and the filter are part of the address, so a filtered list can be shared and survives a reload.
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const status = params.get('status') ?? '';
  const setParam = (key: 'search' | 'status', value: string) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (value === '') next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );
  const [name, setName] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [running, setRunning] = useState<WorkflowSummary | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const workflows = useWorkflows(tenantId, search, status);
  const actions = useWorkflowActions(tenantId);
  const fail = (error: unknown) => setMessage(errorMessage(error));

  const create = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    actions.create.mutate(name.trim(), { onSuccess: (created) => void navigate(created.id), onError: fail });
  };
  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    try {
      const document = JSON.parse(await file.text()) as Record<string, unknown>;
      const created = await actions.importDocument.mutateAsync(document);
      await navigate(created.id);
    } catch (error) {
      fail(error instanceof SyntaxError ? `${file.name} is not valid JSON` : error);
    }
  };

  return (
    <section className="workflow-list" aria-labelledby="workflows-title">
      <div className="toolbar">
        <h1 id="workflows-title">Workflows</h1>
        <input type="search" placeholder="Search workflows" aria-label="Search workflows" value={search} onChange={(event) => setParam('search', event.target.value)} />
        <select aria-label="Status" value={status} onChange={(event) => setParam('status', event.target.value)}>
          <option value="">All</option>
          <option value="draft">Draft</option>
          <option value="active">Active</option>
          <option value="pending">Pending sign-off</option>
          <option value="archived">Archived</option>
        </select>
        {canWrite ? (
          <>
            <form onSubmit={create} className="inline-form">
              <input placeholder="New workflow name" aria-label="New workflow name" value={name} onChange={(event) => setName(event.target.value)} />
              <button type="submit" className="button primary" disabled={actions.create.isPending}>
                Create
              </button>
            </form>
            <button type="button" className="button" onClick={() => fileInput.current?.click()}>
              Import JSON
            </button>
            <input ref={fileInput} type="file" accept="application/json,.json" hidden aria-label="Import file" onChange={(event) => void importFile(event)} />
          </>
        ) : null}
      </div>
      {message ? (
        <p role="alert" className="error">
          {message}
        </p>
      ) : null}
      {workflows.isPending ? <LoadingState label="Loading workflows…" /> : null}
      {workflows.isError ? <ErrorState title="The workflows could not be loaded" error={workflows.error} onRetry={() => void workflows.refetch()} /> : null}
      {workflows.data && workflows.data.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Updated</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {workflows.data.map((workflow) => (
              <tr key={workflow.id}>
                <td>
                  <Link to={workflow.id}>{workflow.name}</Link>
                  <div className="muted">{workflow.description}</div>
                </td>
                <td>
                  <WorkflowBadges workflow={workflow} />
                </td>
                <td>
                  <DateTime iso={workflow.updatedAt} />
                </td>
                <td className="row-actions">
                  {can('run.start') && workflow.activeVersion !== null && !workflow.archived ? (
                    <button type="button" className="button subtle" aria-label={`Run ${workflow.name}`} onClick={() => setRunning(workflow)}>
                      Run
                    </button>
                  ) : null}
                  <button type="button" className="button subtle" aria-label={`Export ${workflow.name}`} onClick={() => void exportWorkflow(tenantId, workflow).catch(fail)}>
                    Export
                  </button>
                  {canWrite && !workflow.archived ? (
                    <button
                      type="button"
                      className="button subtle"
                      aria-label={`Archive ${workflow.name}`}
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
      ) : null}
      {running && running.activeVersion !== null ? (
        <RunDialog tenantId={tenantId} workflowId={running.id} name={running.name} activeVersion={running.activeVersion} onClose={() => setRunning(null)} />
      ) : null}
      {workflows.data?.length === 0 ? <EmptyList tenantId={tenantId} filtered={search !== '' || status !== ''} canCreate={canWrite} /> : null}
    </section>
  );
}
