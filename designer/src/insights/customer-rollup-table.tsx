import { Link } from 'react-router';
import type { Insights } from '../../../server/contract/insights.js';
import { exceptionsHref, runsHref, type DrillContext } from './drill-down.js';
import { ExportCsvButton } from './export-csv-button.js';
import { countText, shareText } from './format.js';
import { InsightCard } from './insight-card.js';

/** A partner's figures per customer (and its own workspace), most failures first; each count leads to those runs or exceptions. */
export function CustomerRollupTable({ insights, context }: { insights: Insights; context: DrillContext }) {
  const rows = [...insights.byWorkspace].sort((a, b) => b.failed - a.failed || b.runs - a.runs);
  return (
    <InsightCard
      wide
      title="By customer"
      description="Each workspace's finished runs, failures, SLA breaches and open exceptions in this range."
      actions={(titleId) => <ExportCsvButton filename="insights-by-customer" describedBy={titleId} header={['workspace', 'runs', 'failed', 'failure rate', 'SLA breaches', 'open exceptions']} rows={rows.map((row) => [row.tenantName, row.runs, row.failed, row.runs === 0 ? null : row.failed / row.runs, row.slaBreached, row.openExceptions])} />}
    >
      {(titleId) => (
        <table className="table insight-table" aria-labelledby={titleId}>
          <thead>
            <tr>
              <th scope="col">Workspace</th>
              <th scope="col" className="number">Runs</th>
              <th scope="col" className="number">Failed</th>
              <th scope="col" className="number">Failure rate</th>
              <th scope="col" className="number">SLA breaches</th>
              <th scope="col" className="number">Open exceptions</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.tenantId}>
                <th scope="row">{row.tenantName}</th>
                <td className="number">
                  <Link to={runsHref(context, { rowTenantId: row.tenantId })}>
                    {countText(row.runs)}
                    <span className="sr-only"> runs of {row.tenantName}</span>
                  </Link>
                </td>
                <td className="number">
                  <Link to={runsHref(context, { rowTenantId: row.tenantId, status: 'failed' })}>
                    {countText(row.failed)}
                    <span className="sr-only"> failed runs of {row.tenantName}</span>
                  </Link>
                </td>
                <td className="number">{shareText(row.runs === 0 ? null : row.failed / row.runs)}</td>
                <td className="number">{countText(row.slaBreached)}</td>
                <td className="number">
                  <Link to={exceptionsHref(context, { rowTenantId: row.tenantId, state: 'unresolved' })}>
                    {countText(row.openExceptions)}
                    <span className="sr-only"> open exceptions of {row.tenantName}</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </InsightCard>
  );
}
