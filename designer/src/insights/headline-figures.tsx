import { Link } from 'react-router';
import type { Insights } from '../../../server/contract/insights.js';
import { exceptionsHref, runsHref, type DrillContext } from './drill-down.js';
import { countText, shareText } from './format.js';

/** The dashboard's key figures as text, each with a link to what it counts. */
export function HeadlineFigures({ insights, context }: { insights: Insights; context: DrillContext }) {
  const sum = (key: 'succeeded' | 'failed' | 'cancelled') => insights.runsOverTime.reduce((total, bucket) => total + bucket[key], 0);
  const failed = sum('failed');
  const finished = sum('succeeded') + failed + sum('cancelled');
  const { sla, exceptions, approvals, retries } = insights;
  return (
    <section aria-label="Key figures">
      <dl className="headline-figures">
      <div className="headline-figure">
        <dt>Runs finished</dt>
        <dd className="figure">{countText(finished)}</dd>
        <dd>
          <Link to={runsHref(context)}>Show the runs</Link>
        </dd>
      </div>
      <div className="headline-figure">
        <dt>Failed</dt>
        <dd className={failed > 0 ? 'figure bad' : 'figure'}>{countText(failed)}</dd>
        <dd>
          {shareText(finished === 0 ? null : failed / finished)} of finished · <Link to={runsHref(context, { status: 'failed' })}>Show the failed runs</Link>
        </dd>
      </div>
      <div className="headline-figure">
        <dt>SLA adherence</dt>
        <dd className="figure">{shareText(sla.adherence)}</dd>
        <dd>{sla.runsWithSla === 0 ? 'No runs under an SLA' : `${countText(sla.breached)} of ${countText(sla.runsWithSla)} breached`}</dd>
      </div>
      <div className="headline-figure">
        <dt>Open exceptions</dt>
        <dd className="figure">{countText(exceptions.open)}</dd>
        <dd>
          of {countText(exceptions.total)} raised · <Link to={exceptionsHref(context, { state: 'unresolved' })}>Work the queue</Link>
        </dd>
      </div>
      <div className="headline-figure">
        <dt>Approvals waiting</dt>
        <dd className="figure">{countText(approvals.waiting)}</dd>
        <dd>
          {countText(approvals.overdue)} overdue · <Link to={`/t/${encodeURIComponent(context.tenantId)}/approvals`}>Open the inbox</Link>
        </dd>
      </div>
      <div className="headline-figure">
        <dt>Retries that succeeded</dt>
        <dd className="figure">{shareText(retries.successRate)}</dd>
        <dd>{retries.retriedSteps === 0 ? 'No step needed a retry' : `${countText(retries.succeeded)} of ${countText(retries.retriedSteps)} retried steps`}</dd>
      </div>
      </dl>
    </section>
  );
}
