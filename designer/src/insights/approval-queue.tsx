import { Link } from 'react-router';
import type { Insights } from '../../../server/contract/insights.js';
import { DateTime } from '../app/date-time.js';
import { relativeTime } from '../app/relative-time.js';
import { BarListChart } from './bar-list-chart.js';
import { CHART_COLOURS } from './chart-theme.js';
import { runHref } from './drill-down.js';
import { ExportCsvButton } from './export-csv-button.js';
import { countText } from './format.js';
import { InsightCard } from './insight-card.js';

/**
 * The approval tasks waiting now (whatever the range): how many, how many overdue, how long they
 * have waited, and the oldest ones, each leading to its run (where its task is decided) and to the
 * approvals inbox.
 */
export function ApprovalQueue({ insights, tenantId }: { insights: Insights; tenantId: string }) {
  const { approvals } = insights;
  const several = insights.workspaces.length > 1;
  return (
    <InsightCard
      title="Approval queue"
      description="Approval tasks waiting now, whatever the time range."
      actions={(titleId) => <ExportCsvButton filename="oldest-approval-tasks" describedBy={titleId} header={['workspace', 'task', 'run', 'created', 'due', 'overdue']} rows={approvals.oldest.map((task) => [task.tenantName, task.title, task.runId, task.createdAt, task.dueAt, task.overdue ? 'yes' : 'no'])} />}
    >
      {(titleId) => (
        <>
          <p className="insight-headline">
            <strong>{countText(approvals.waiting)}</strong> waiting, <strong className={approvals.overdue > 0 ? 'overdue' : undefined}>{countText(approvals.overdue)}</strong> overdue.{' '}
            <Link to={`/t/${encodeURIComponent(tenantId)}/approvals`}>Open the approvals inbox</Link>
          </p>
          {approvals.waiting > 0 ? (
            <>
              <BarListChart name="tasks" summary={`Bars of waiting tasks by how long they have waited: ${approvals.byAge.map((band) => `${band.band} ${band.count}`).join(', ')}.`} items={approvals.byAge.map((band) => ({ label: band.band, value: band.count, colour: CHART_COLOURS.accent }))} />
              <h3 className="insight-subtitle">Waiting longest</h3>
              <table className="table insight-table" aria-labelledby={titleId}>
                <thead>
                  <tr>
                    <th scope="col">Task</th>
                    {several ? <th scope="col">Workspace</th> : null}
                    <th scope="col">Waiting since</th>
                    <th scope="col">Due</th>
                  </tr>
                </thead>
                <tbody>
                  {approvals.oldest.map((task) => (
                    <tr key={task.taskId}>
                      <th scope="row">
                        <Link to={runHref(task.tenantId, task.runId)}>{task.title}</Link>
                      </th>
                      {several ? <td>{task.tenantName}</td> : null}
                      <td>
                        <DateTime iso={task.createdAt} /> ({relativeTime(task.createdAt)})
                      </td>
                      <td>{task.dueAt === null ? '—' : <DateTime iso={task.dueAt} />}{task.overdue ? <strong className="overdue"> overdue</strong> : null}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
        </>
      )}
    </InsightCard>
  );
}
