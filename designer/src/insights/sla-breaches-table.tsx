import { Link } from 'react-router';
import type { Insights } from '../../../server/contract/insights.js';
import { DateTime } from '../app/date-time.js';
import { durationText } from '../runs/detail/run-path.js';
import { runHref } from './drill-down.js';
import { ExportCsvButton } from './export-csv-button.js';
import { InsightCard, NothingInRange } from './insight-card.js';

/** The newest runs that took longer than their workflow's SLA, each leading to the run. */
export function SlaBreachesTable({ insights }: { insights: Insights }) {
  const rows = insights.sla.breaches;
  const several = insights.workspaces.length > 1;
  return (
    <InsightCard
      title="SLA breaches"
      description="The newest runs that took longer than their SLA (at most 100)."
      actions={(titleId) => <ExportCsvButton filename="sla-breaches" describedBy={titleId} header={['workspace', 'workflow', 'run', 'finished', 'duration ms', 'SLA minutes']} rows={rows.map((row) => [row.tenantName, row.workflowName, row.runId, row.finishedAt, row.durationMs, row.slaMinutes])} />}
    >
      {(titleId) =>
        rows.length === 0 ? (
          <NothingInRange what="SLA breaches" />
        ) : (
          <div className="insight-scroll">
            <table className="table insight-table" aria-labelledby={titleId}>
              <thead>
                <tr>
                  <th scope="col">Run</th>
                  {several ? <th scope="col">Workspace</th> : null}
                  <th scope="col">Finished</th>
                  <th scope="col" className="number">Took</th>
                  <th scope="col" className="number">SLA</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.runId}>
                    <th scope="row">
                      <Link to={runHref(row.tenantId, row.runId)}>Run of {row.workflowName}</Link>
                    </th>
                    {several ? <td>{row.tenantName}</td> : null}
                    <td>
                      <DateTime iso={row.finishedAt} />
                    </td>
                    <td className="number">{durationText(row.durationMs)}</td>
                    <td className="number">{row.slaMinutes} min</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      }
    </InsightCard>
  );
}
