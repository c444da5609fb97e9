import { useMemo, useRef, useState, type ChangeEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { WorkflowSummary } from '../app/api-types.js';
import { DateTime } from '../app/date-time.js';
import { errorMessage } from '../app/error-message.js';
import { useCan } from '../app/permissions.js';
import { useWorkspace } from '../app/workspace.js';
import { RunDialog } from '../runs/manual/run-dialog.js';
import { ErrorState, LoadingState } from '../shared/page-state.js';
import { exportWorkflow, useWorkflowActions, useWorkflows } from './api.js';
import { CreateWorkflowForm } from './create-workflow-form.js';
import { EmptyList } from './empty-list.js';
import { SortableHeader } from './sortable-header.js';
import { WorkflowBadges } from './workflow-badges.js';
import { DEFAULT_SORT, nextSort, readSort, sortWorkflows, type WorkflowSortKey } from './workflow-sort.js';

/** What the last archive or restore did, with the way back. */
interface Notice {
  readonly text: string;
  readonly undo?: () => void;
}

/**
 * The workspace's workflows: search, filter and sort (kept in the URL), status badges, export,
 * and — for roles that may edit workflows — create, import, archive and restore. Archiving says
 * so with an Undo; archived workflows are listed under the Archived filter, each with Restore.
 */
export function WorkflowListPage() {
  const { tenant } = useWorkspace();
  const tenantId = tenant.id;
  const can = useCan();
  const canWrite = can('workflow.write');
  const canRun = can('run.start');
  const [running, setRunning] = useState<WorkflowSummary | null>(null);
  const navigate = useNavigate();
  // Search, filter and sort are part of the address, so a list can be shared and survives a reload.
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const status = params.get('status') ?? '';
  const sort = readSort(params.get('sort'), params.get('dir'));
  const setParamsTo = (values: Record<string, string>) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        for (const [key, value] of Object.entries(values)) {
          if (value === '') next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );
  const onSort = (column: WorkflowSortKey) => {
    const chosen = nextSort(sort, column);
    const isDefault = chosen.key === DEFAULT_SORT.key && chosen.direction === DEFAULT_SORT.direction;
    setParamsTo({ sort: isDefault ? '' : chosen.key, dir: isDefault ? '' : chosen.direction });
  };
  const [message, setMessage] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const workflows = useWorkflows(tenantId, search, status);
  const sorted = useMemo(() => (workflows.data ? sortWorkflows(workflows.data, sort) : undefined), [workflows.data, sort]);
  const actions = useWorkflowActions(tenantId);
  const fail = (error: unknown) => {
    setNotice(null);
    setMessage(errorMessage(error));
  };

  const restore = (workflow: WorkflowSummary) => {
    setMessage(null);
    actions.restore.mutate(workflow.id, {
      onSuccess: () => setNotice({ text: `Restored “${workflow.name}” as a draft.` }),
      onError: fail,
    });
  };
  const archive = (workflow: WorkflowSummary) => {
    // Archiving stops a live workflow's triggers, and restoring does not start them again (a version must be activated anew).
    if (workflow.activeVersion !== null && !window.confirm(`Archive "${workflow.name}"? Its triggers stop now. Restoring it later brings it back as a draft, to be activated again.`)) return;
    setMessage(null);
    actions.archive.mutate(workflow.id, {
      onSuccess: () => setNotice({ text: `Archived “${workflow.name}”.`, undo: () => restore(workflow) }),
      onError: fail,
    });
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
        <input type="search" placeholder="Search workflows" aria-label="Search workflows" value={search} onChange={(event) => setParamsTo({ search: event.target.value })} />
        <select aria-label="Status" value={status} onChange={(event) => setParamsTo({ status: event.target.value })}>
          <option value="">All</option>
          <option value="draft">Draft</option>
          <option value="active">Active</option>
          <option value="pending">Pending sign-off</option>
          <option value="archived">Archived</option>
        </select>
        {canWrite ? (
          <>
            <CreateWorkflowForm pending={actions.create.isPending} onCreate={(name) => actions.create.mutate(name, { onSuccess: (created) => void navigate(created.id), onError: fail })} />
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
      <div role="status" className="list-notice">
        {notice ? (
          <>
            {notice.text}
            {notice.undo ? (
              <button type="button" className="button small" onClick={notice.undo} disabled={actions.restore.isPending}>
                Undo
              </button>
            ) : null}
            <button type="button" className="button subtle small" aria-label="Dismiss" onClick={() => setNotice(null)}>
              ×
            </button>
          </>
        ) : null}
      </div>
      {workflows.isPending ? <LoadingState label="Loading workflows…" /> : null}
      {workflows.isError ? <ErrorState title="The workflows could not be loaded" error={workflows.error} onRetry={() => void workflows.refetch()} /> : null}
      {sorted && sorted.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <SortableHeader label="Name" column="name" sort={sort} onSort={onSort} />
              <SortableHeader label="Status" column="status" sort={sort} onSort={onSort} />
              <SortableHeader label="Updated" column="updated" sort={sort} onSort={onSort} />
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((workflow) => (
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
                  {canRun && workflow.activeVersion !== null && !workflow.archived ? (
                    <button type="button" className="button subtle" aria-label={`Run ${workflow.name}`} onClick={() => setRunning(workflow)}>
                      Run
                    </button>
                  ) : null}
                  <button type="button" className="button subtle" aria-label={`Export ${workflow.name}`} onClick={() => void exportWorkflow(tenantId, workflow).catch(fail)}>
                    Export
                  </button>
                  {canWrite && !workflow.archived ? (
                    <button type="button" className="button subtle" aria-label={`Archive ${workflow.name}`} onClick={() => archive(workflow)}>
                      Archive
                    </button>
                  ) : null}
                  {canWrite && workflow.archived ? (
                    <button type="button" className="button subtle" aria-label={`Restore ${workflow.name}`} onClick={() => restore(workflow)}>
                      Restore
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
