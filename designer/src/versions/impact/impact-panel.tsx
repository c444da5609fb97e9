import { useMutation } from '@tanstack/react-query';
import { FlaskConical } from 'lucide-react';
import { useId, useState } from 'react';
import { MAX_SAMPLE_SIZE, type ImpactReport, type ImpactRequest } from '../../../../server/contract/impact-preview.js';
import { api } from '../../app/api-client.js';
import { errorMessage } from '../../app/error-message.js';
import { impactSummary } from '../model/impact-paths.js';

/** Runs the impact preview of a version against the active version's recorded runs. */
function useImpactPreview(tenantId: string, workflowId: string, version: number) {
  return useMutation({
    mutationFn: (request: ImpactRequest) =>
      api<ImpactReport>('POST', `/api/v1/tenants/${encodeURIComponent(tenantId)}/workflows/${encodeURIComponent(workflowId)}/versions/${version}/impact`, request),
  });
}

/**
 * The impact preview, run from the comparison: how many of the live version's newest finished runs
 * to replay (dry: nothing is called, nothing is written), and the verdict — "47 of 50 runs
 * unchanged" and what the others would do; the runs themselves open in the Impact preview view.
 */
export function ImpactPanel({
  tenantId,
  workflowId,
  version,
  activeVersion,
  report,
  onReport,
}: {
  tenantId: string;
  workflowId: string;
  version: number;
  activeVersion: number | null;
  report: ImpactReport | null;
  onReport: (report: ImpactReport) => void;
}) {
  const sizeId = useId();
  const [size, setSize] = useState('50');
  const preview = useImpactPreview(tenantId, workflowId, version);
  const sampleSize = Number(size);
  const valid = Number.isInteger(sampleSize) && sampleSize >= 1 && sampleSize <= MAX_SAMPLE_SIZE;
  const summary = report ? impactSummary(report) : null;
  return (
    <section className="impact-panel" aria-labelledby="impact-title">
      <h2 id="impact-title">Impact preview</h2>
      {activeVersion === null ? (
        <p className="muted small">No version is live yet, so there are no recorded runs to replay.</p>
      ) : (
        <>
          <p className="muted small">
            Replays the newest finished runs of version {activeVersion} through version {version}, dry: connectors, approvals and waits never run, and nothing is
            sent or saved.
          </p>
          <div className="impact-form">
            <label htmlFor={sizeId}>Sample size</label>
            <input
              id={sizeId}
              type="number"
              inputMode="numeric"
              min={1}
              max={MAX_SAMPLE_SIZE}
              value={size}
              aria-invalid={!valid}
              aria-describedby={valid ? undefined : `${sizeId}-error`}
              onChange={(event) => setSize(event.target.value)}
            />
            <button type="button" className="button" disabled={!valid || preview.isPending} onClick={() => preview.mutate({ sampleSize }, { onSuccess: onReport })}>
              <FlaskConical size={14} aria-hidden="true" /> {preview.isPending ? 'Previewing…' : 'Run impact preview'}
            </button>
          </div>
          {valid ? null : (
            <p id={`${sizeId}-error`} className="error small">
              The sample size is a whole number from 1 to {MAX_SAMPLE_SIZE}.
            </p>
          )}
          {preview.isPending ? (
            <p role="status" className="muted small">
              Replaying up to {sampleSize} runs…
            </p>
          ) : null}
          {preview.isError ? (
            <p role="alert" className="error small">
              The preview could not run: {errorMessage(preview.error)}
            </p>
          ) : null}
          {summary ? (
            <div className="impact-summary" role="status" data-testid="impact-summary">
              <p className="impact-headline">{summary.headline}</p>
              {summary.details.length > 0 ? (
                <ul>
                  {summary.details.map((detail) => (
                    <li key={detail}>{detail}</li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}
