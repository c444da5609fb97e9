import { Link } from 'react-router';
import type { Insights } from '../../../server/contract/insights.js';
import { BarListChart } from './bar-list-chart.js';
import { SEVERITY_COLOURS } from './chart-theme.js';
import { exceptionsHref, type DrillContext } from './drill-down.js';
import { ExportCsvButton } from './export-csv-button.js';
import { countText } from './format.js';
import { InsightCard, NothingInRange } from './insight-card.js';

const ORDER = Object.keys(SEVERITY_COLOURS) as (keyof typeof SEVERITY_COLOURS)[];

/** Exceptions raised in the range per severity, most urgent first; each leads to the Exceptions page filtered to it. */
export function ExceptionsBySeverity({ insights, context }: { insights: Insights; context: DrillContext }) {
  const rows = ORDER.map((severity) => ({ severity, count: insights.exceptions.bySeverity.find((row) => row.severity === severity)?.count ?? 0 }));
  return (
    <InsightCard title="Exceptions by severity" actions={(titleId) => <ExportCsvButton filename="exceptions-by-severity" describedBy={titleId} header={['severity', 'exceptions']} rows={rows.map((row) => [row.severity, row.count])} />}>
      {(titleId) =>
        insights.exceptions.total === 0 ? (
          <NothingInRange what="exceptions" />
        ) : (
          <>
            <BarListChart name="exceptions" summary={`Bars of exceptions per severity: ${rows.map((row) => `${row.severity} ${row.count}`).join(', ')}.`} items={rows.map((row) => ({ label: row.severity, value: row.count, colour: SEVERITY_COLOURS[row.severity], href: exceptionsHref(context, { severity: row.severity }) }))} />
            <table className="table insight-table" aria-labelledby={titleId}>
              <thead>
                <tr>
                  <th scope="col">Severity</th>
                  <th scope="col" className="number">Exceptions</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.severity}>
                    <th scope="row">
                      <Link to={exceptionsHref(context, { severity: row.severity })}>{row.severity}</Link>
                    </th>
                    <td className="number">{countText(row.count)}</td>
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
