import { Link } from 'react-router';
import type { Insights } from '../../../server/contract/insights.js';
import { runsHref, type DrillContext } from './drill-down.js';
import { ExportCsvButton } from './export-csv-button.js';
import { countText, shareText } from './format.js';
import { InsightCard, NothingInRange } from './insight-card.js';

/**
 * SLA adherence: of the finished runs whose workflow sets an SLA, the share that finished within
 * it — in all, and per workflow with a bar of the share; each workflow leads to its runs.
 */
export function SlaAdherence({ insights, context }: { insights: Insights; context: DrillContext }) {
  const { sla } = insights;
  const rows = [...sla.byWorkflow].sort((a, b) => (a.adherence ?? 1) - (b.adherence ?? 1));
  const several = insights.workspaces.length > 1;
  return (
    <InsightCard
      title="SLA adherence"
      description="Of the finished runs of workflows with an SLA (Settings of the workflow), the share that finished within it."
      actions={(titleId) => <ExportCsvButton filename="sla-adherence" describedBy={titleId} header={['workspace', 'workflow', 'SLA minutes', 'met', 'breached', 'adherence']} rows={rows.map((row) => [row.tenantName, row.workflowName, row.slaMinutes, row.met, row.breached, row.adherence])} />}
    >
      {(titleId) =>
        sla.runsWithSla === 0 ? (
          <NothingInRange what="finished runs of workflows with an SLA" />
        ) : (
          <>
            <p className="insight-headline">
              <strong>{shareText(sla.adherence)}</strong> within the SLA: {countText(sla.met)} met, {countText(sla.breached)} breached.
            </p>
            <table className="table insight-table" aria-labelledby={titleId}>
              <thead>
                <tr>
                  <th scope="col">Workflow</th>
                  {several ? <th scope="col">Workspace</th> : null}
                  <th scope="col" className="number">SLA</th>
                  <th scope="col" className="number">Met</th>
                  <th scope="col" className="number">Breached</th>
                  <th scope="col">Adherence</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={`${row.tenantId}/${row.workflowId}`}>
                    <th scope="row">
                      <Link to={runsHref(context, { workflowId: row.workflowId, rowTenantId: row.tenantId })}>{row.workflowName}</Link>
                    </th>
                    {several ? <td>{row.tenantName}</td> : null}
                    <td className="number">{countText(row.slaMinutes)} min</td>
                    <td className="number">{countText(row.met)}</td>
                    <td className="number">{countText(row.breached)}</td>
                    <td>
                      <span className="share-bar" aria-hidden="true">
                        <span style={{ width: `${(row.adherence ?? 0) * 100}%` }} />
                      </span>
                      {shareText(row.adherence)}
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
