import { Link, useNavigate } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Insights } from '../../../server/contract/insights.js';
import { durationText } from '../runs/detail/run-path.js';
import { AXIS_TICK, CHART_COLOURS } from './chart-theme.js';
import { runsHref, type DrillContext } from './drill-down.js';
import { ExportCsvButton } from './export-csv-button.js';
import { countText } from './format.js';
import { InsightCard, NothingInRange } from './insight-card.js';

/** How long runs took per workflow: the median (p50) and the slow end (p95); each leads to that workflow's runs. */
export function DurationsChart({ insights, context }: { insights: Insights; context: DrillContext }) {
  const navigate = useNavigate();
  const rows = [...insights.durations].sort((a, b) => b.p95Ms - a.p95Ms).map((row) => ({ ...row, label: insights.workspaces.length > 1 ? `${row.workflowName} (${row.tenantName})` : row.workflowName }));
  const href = (row: (typeof rows)[number]) => runsHref(context, { workflowId: row.workflowId, rowTenantId: row.tenantId });
  return (
    <InsightCard
      title="Run durations"
      description="Per workflow, from start to end: half the runs took less than p50, all but the slowest 5 % less than p95."
      actions={(titleId) => <ExportCsvButton filename="run-durations" describedBy={titleId} header={['workspace', 'workflow', 'runs', 'p50 ms', 'p95 ms']} rows={rows.map((row) => [row.tenantName, row.workflowName, row.runs, row.p50Ms, row.p95Ms])} />}
    >
      {(titleId) =>
        rows.length === 0 ? (
          <NothingInRange what="finished runs" />
        ) : (
          <>
            <div className="insight-chart" role="img" aria-label={`Bars of p50 and p95 durations per workflow, slowest first: ${rows.slice(0, 8).map((row) => `${row.label} p50 ${durationText(row.p50Ms)}, p95 ${durationText(row.p95Ms)}`).join('; ')}.`}>
              <ResponsiveContainer width="100%" height={60 + Math.min(rows.length, 8) * 40}>
                <BarChart data={rows.slice(0, 8)} layout="vertical" accessibilityLayer={false} margin={{ top: 4, right: 16, bottom: 0, left: 8 }}>
                  <CartesianGrid stroke={CHART_COLOURS.grid} horizontal={false} />
                  <XAxis type="number" tick={AXIS_TICK} tickFormatter={(value: number) => durationText(value)} />
                  <YAxis type="category" dataKey="label" width={150} tick={AXIS_TICK} />
                  <Tooltip formatter={(value) => durationText(Number(value))} />
                  <Legend />
                  <Bar dataKey="p50Ms" name="p50" fill={CHART_COLOURS.primary} cursor="pointer" onClick={(entry: { payload?: (typeof rows)[number] }) => entry.payload && void navigate(href(entry.payload))} />
                  <Bar dataKey="p95Ms" name="p95" fill={CHART_COLOURS.accent} cursor="pointer" onClick={(entry: { payload?: (typeof rows)[number] }) => entry.payload && void navigate(href(entry.payload))} />
                </BarChart>
              </ResponsiveContainer>
            </div>
            <table className="table insight-table" aria-labelledby={titleId}>
              <thead>
                <tr>
                  <th scope="col">Workflow</th>
                  <th scope="col" className="number">Runs</th>
                  <th scope="col" className="number">p50</th>
                  <th scope="col" className="number">p95</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={`${row.tenantId}/${row.workflowId}`}>
                    <th scope="row">
                      <Link to={href(row)}>{row.label}</Link>
                    </th>
                    <td className="number">{countText(row.runs)}</td>
                    <td className="number">{durationText(row.p50Ms)}</td>
                    <td className="number">{durationText(row.p95Ms)}</td>
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
