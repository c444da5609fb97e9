import { Link } from 'react-router';
import type { Insights } from '../../../server/contract/insights.js';
import { BarListChart } from './bar-list-chart.js';
import { exceptionsHref, type DrillContext } from './drill-down.js';
import { ExportCsvButton } from './export-csv-button.js';
import { countText } from './format.js';
import { InsightCard, NothingInRange } from './insight-card.js';

/** Exceptions raised in the range per category; each leads to the Exceptions page filtered to it. */
export function ExceptionsByCategory({ insights, context }: { insights: Insights; context: DrillContext }) {
  const rows = [...insights.exceptions.byCategory].sort((a, b) => b.count - a.count);
  return (
    <InsightCard
      title="Exceptions by category"
      description={`${countText(insights.exceptions.total)} raised in this range, ${countText(insights.exceptions.open)} still open.`}
      actions={(titleId) => <ExportCsvButton filename="exceptions-by-category" describedBy={titleId} header={['category', 'exceptions']} rows={rows.map((row) => [row.category, row.count])} />}
    >
      {(titleId) =>
        rows.length === 0 ? (
          <NothingInRange what="exceptions" />
        ) : (
          <>
            <BarListChart name="exceptions" summary={`Bars of exceptions per category, largest first: ${rows.map((row) => `${row.category} ${row.count}`).join(', ')}.`} items={rows.map((row) => ({ label: row.category, value: row.count, href: exceptionsHref(context, { category: row.category }) }))} />
            <table className="table insight-table" aria-labelledby={titleId}>
              <thead>
                <tr>
                  <th scope="col">Category</th>
                  <th scope="col" className="number">Exceptions</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.category}>
                    <th scope="row">
                      <Link to={exceptionsHref(context, { category: row.category })}>{row.category}</Link>
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
