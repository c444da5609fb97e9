import { useMemo, useState } from 'react';
import type { ImpactReport } from '../../../../server/contract/impact-preview.js';
import type { WorkflowDefinition } from '../../../../runtime/definition/index.js';
import { DateTime } from '../../app/date-time.js';
import { ReadOnlyCanvas } from '../../shared/canvas/read-only-canvas.js';
import { expressionText } from '../../shared/diff/expression-text.js';
import { StatusChip } from '../../shared/run-trace/status-chip.js';
import { EmptyState } from '../../shared/page-state.js';
import { OUTCOME_LABELS, impactSummary, pathDecorations } from '../model/impact-paths.js';
import { TableHead } from '../../shared/table-head.js';

type ImpactRun = ImpactReport['runs'][number];
type RunResult = ImpactRun['recorded'];

/** One side of a run: its path on its version's canvas. */
function PathCanvas({ title, caption, result, definition }: { title: string; caption: string; result: RunResult; definition: WorkflowDefinition }) {
  const marks = useMemo(() => pathDecorations(result, definition), [result, definition]);
  return (
    <figure className="path-canvas">
      <figcaption>
        {title} <StatusChip status={result.status} />
        {result.error ? <span className="error small"> {result.error.message}</span> : null}
      </figcaption>
      <div className="path-canvas-frame">
        <ReadOnlyCanvas definition={definition} decorations={marks.nodes} edgeDecorations={marks.edges} statusCaption={caption} label={`${title}: the path of the run (read-only)`} minimap={false} />
      </div>
    </figure>
  );
}

/** What differs in the run's output (and webhook answer), and the side effects the preview stood in for. */
function RunDifferences({ run }: { run: ImpactRun }) {
  return (
    <div className="run-differences">
      <section aria-labelledby="output-diff-title">
        <h3 id="output-diff-title">Output</h3>
        {run.outputDiff.length === 0 ? (
          <p className="muted small">The output and the answer are the same.</p>
        ) : (
          <table className="field-changes">
            <TableHead caption="Output differences" columns={['Where', 'Recorded', 'Preview']} />
            <tbody>
              {run.outputDiff.map((change) => (
                <tr key={change.path}>
                  <th scope="row">{change.path}</th>
                  <td className={change.recorded === undefined ? 'unset' : 'before'}>
                    <code>{expressionText(change.recorded)}</code>
                  </td>
                  <td className={change.preview === undefined ? 'unset' : 'after'}>
                    <code>{expressionText(change.preview)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {run.moreOutputDiff ? <p className="muted small">More differences than these 50.</p> : null}
      </section>
      <section aria-labelledby="side-effects-title">
        <h3 id="side-effects-title">Side effects</h3>
        {run.sideEffects.length === 0 ? (
          <p className="muted small">No connector, approval or wait on this path.</p>
        ) : (
          <ul className="side-effects">
            {run.sideEffects.map((effect, index) => (
              <li key={`${effect.nodeId}-${index}`} className={effect.replayed ? 'replayed' : 'changed'}>
                <strong>{effect.title}</strong> <span className="muted">({effect.nodeType})</span>{' '}
                <span className="badge">{effect.replayed ? 'as recorded' : 'would differ'}</span>
                <p>{effect.description}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/**
 * The impact preview's runs that would differ: pick one to see its recorded path on the live
 * version's canvas next to its previewed path on the version under review, what its output would
 * be, and the side effects it would have made.
 */
export function ImpactView({
  report,
  baseline,
  previewed,
}: {
  report: ImpactReport;
  baseline: WorkflowDefinition | undefined;
  previewed: WorkflowDefinition;
}) {
  const [selected, setSelected] = useState(report.runs[0]?.runId ?? null);
  const run = report.runs.find((candidate) => candidate.runId === selected);
  const summary = impactSummary(report);
  return (
    <div className="impact-view" data-testid="impact-view">
      <p className="impact-headline">
        {summary.headline}
        {summary.details.length > 0 ? `: ${summary.details.join('; ')}` : ''}
      </p>
      {report.runs.length === 0 ? (
        <EmptyState title="Every previewed run is unchanged">
          <p>The recorded runs take the same path, give the same output and send the same to connectors.</p>
        </EmptyState>
      ) : (
        <div className="impact-body">
          <ul className="impact-runs" aria-label="Runs that would differ">
            {report.runs.map((entry) => (
              <li key={entry.runId}>
                <button type="button" className={entry.runId === selected ? 'impact-run selected' : 'impact-run'} aria-pressed={entry.runId === selected} onClick={() => setSelected(entry.runId)}>
                  <span className={`outcome outcome-${entry.outcome}`}>{OUTCOME_LABELS[entry.outcome]}</span>
                  <span className="muted small">
                    Run of <DateTime iso={entry.createdAt} />
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {run ? (
            <div className="impact-run-detail">
              <div className="path-canvases">
                {baseline ? (
                  <PathCanvas title={`Recorded on version ${report.baselineVersion}`} caption="Recorded run" result={run.recorded} definition={baseline} />
                ) : (
                  <p className="muted">Loading version {report.baselineVersion}…</p>
                )}
                <PathCanvas title={`Preview on version ${report.version}`} caption="Preview" result={run.preview} definition={previewed} />
              </div>
              <RunDifferences run={run} />
            </div>
          ) : null}
        </div>
      )}
    </div>
  );
}
