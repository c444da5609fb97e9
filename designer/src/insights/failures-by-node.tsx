import { Link } from 'react-router';
import type { Insights } from '../../../server/contract/insights.js';
import { BarListChart } from './bar-list-chart.js';
import { CHART_COLOURS } from './chart-theme.js';
import { runsHref, type DrillContext } from './drill-down.js';
import { ExportCsvButton } from './export-csv-button.js';
import { countText } from './format.js';
import { InsightCard, NothingInRange } from './insight-card.js';

/** The steps runs failed at, most failures first; each leads to that workflow's failed runs. */
export function FailuresByNode({ insights, context }: { insights: Insights; context: DrillContext }) {
  const rows = [...insights.failuresByNode].sort((a, b) => b.failures - a.failures);
  const several = insights.workspaces.length > 1;
  const href = (row: (typeof rows)[number]) => runsHref(context, { status: 'failed', workflowId: row.workflowId, rowTenantId: row.tenantId });
  return (
    <InsightCard
      title="Failures by step"
      description="The step each failed run stopped at."
      actions={(titleId) => <ExportCsvButton filename="failures-by-step" describedBy={titleId} header={['workspace', 'workflow', 'step', 'failures']} rows={rows.map((row) => [row.tenantName, row.workflowName, row.nodeName, row.failures])} />}
    >
      {(titleId) =>
        rows.length === 0 ? (
          <NothingInRange what="failed runs" />
        ) : (
          <>
            <BarListChart name="failures" summary={`Bars of failures per step, most first: ${rows.slice(0, 10).map((row) => `${row.nodeName} in ${row.workflowName} ${row.failures}`).join(', ')}.`} items={rows.slice(0, 10).map((row) => ({ label: row.nodeName, value: row.failures, colour: CHART_COLOURS.failed, href: href(row) }))} />
            <table className="table insight-table" aria-labelledby={titleId}>
              <thead>
                <tr>
                  <th scope="col">Step</th>
                  <th scope="col">Workflow</th>
                  {several ? <th scope="col">Workspace</th> : null}
                  <th scope="col" className="number">Failures</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={`${row.tenantId}/${row.workflowId}/${row.nodeId}`}>
                    <th scope="row">{row.nodeName}</th>
                    <td>{row.workflowName}</td>
                    {several ? <td>{row.tenantName}</td> : null}
                    <td className="number">
                      <Link to={href(row)}>
                        {countText(row.failures)}
                        <span className="sr-only"> failed runs of {row.workflowName}</span>
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )
      }
    </InsightCard>
  );
}
