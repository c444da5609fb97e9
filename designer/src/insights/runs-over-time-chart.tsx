import { Link, useNavigate } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Insights } from '../../../server/contract/insights.js';
import { AXIS_TICK, CHART_COLOURS } from './chart-theme.js';
import { runsHref, type DrillContext } from './drill-down.js';
import { ExportCsvButton } from './export-csv-button.js';
import { bucketLabel, bucketSpan, countText } from './format.js';
import { InsightCard, NothingInRange } from './insight-card.js';

const OUTCOMES = ['succeeded', 'failed', 'cancelled'] as const;

/**
 * Finished runs per hour or day, stacked by outcome. A click on a bar part opens the Runs page at
 * that bucket and outcome; the table below does the same by keyboard.
 */
export function RunsOverTimeChart({ insights, context }: { insights: Insights; context: DrillContext }) {
  const navigate = useNavigate();
  const rows = insights.runsOverTime.map((bucket) => ({ ...bucket, label: bucketLabel(bucket.bucketStart, insights.bucket) }));
  const totals = Object.fromEntries(OUTCOMES.map((outcome) => [outcome, rows.reduce((sum, row) => sum + row[outcome], 0)])) as Record<(typeof OUTCOMES)[number], number>;
  const drill = (bucketStart: string, status: (typeof OUTCOMES)[number]) => runsHref(context, { status, ...bucketSpan(bucketStart, insights.bucket) });
  const per = insights.bucket === 'hour' ? 'hour' : 'day';
  return (
    <InsightCard
      wide
      title="Runs over time"
      description={`Finished runs per ${per}, by outcome. Select a bar or a count to see those runs.`}
      actions={(titleId) => <ExportCsvButton filename="runs-over-time" describedBy={titleId} header={['bucket start', 'succeeded', 'failed', 'cancelled']} rows={rows.map((row) => [row.bucketStart, row.succeeded, row.failed, row.cancelled])} />}
    >
      {(titleId) =>
        totals.succeeded + totals.failed + totals.cancelled === 0 ? (
          <NothingInRange what="finished runs" />
        ) : (
          <>
            <div className="insight-chart" role="img" aria-label={`Stacked bars of runs per ${per}: ${countText(totals.succeeded)} succeeded, ${countText(totals.failed)} failed, ${countText(totals.cancelled)} cancelled in all. The table below lists each ${per}.`}>
              <ResponsiveContainer width="100%" height={240}>
                <BarChart data={rows} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
                  <CartesianGrid stroke={CHART_COLOURS.grid} vertical={false} />
                  <XAxis dataKey="label" tick={AXIS_TICK} minTickGap={12} />
                  <YAxis allowDecimals={false} tick={AXIS_TICK} />
                  <Tooltip />
                  <Legend />
                  {OUTCOMES.map((outcome) => (
                    <Bar key={outcome} dataKey={outcome} name={outcome} stackId="runs" fill={CHART_COLOURS[outcome]} cursor="pointer" onClick={(entry: { payload?: { bucketStart: string } }) => entry.payload && void navigate(drill(entry.payload.bucketStart, outcome))} />
                  ))}
                </BarChart>
              </ResponsiveContainer>
            </div>
            <details className="insight-data">
              <summary>Runs per {per} as a table</summary>
              <table className="table insight-table" aria-labelledby={titleId}>
                <thead>
                  <tr>
                    <th scope="col">{insights.bucket === 'hour' ? 'Hour' : 'Day'}</th>
                    {OUTCOMES.map((outcome) => (
                      <th key={outcome} scope="col" className="number">
                        {outcome}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows
                    .filter((row) => row.succeeded + row.failed + row.cancelled > 0)
                    .map((row) => (
                      <tr key={row.bucketStart}>
                        <th scope="row">{row.label}</th>
                        {OUTCOMES.map((outcome) => (
                          <td key={outcome} className="number">
                            {row[outcome] > 0 ? <Link to={drill(row.bucketStart, outcome)}>{countText(row[outcome])}<span className="sr-only"> {outcome}</span></Link> : '0'}
                          </td>
                        ))}
                      </tr>
                    ))}
                </tbody>
              </table>
            </details>
          </>
        )
      }
    </InsightCard>
  );
}
