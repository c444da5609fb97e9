import { jsonText } from '../../runtime/expressions/index.js';
import type { OutputChange, RunImpact, RunResult, StandIn } from '../../runtime/preview/index.js';
import type { FailureRecord } from '../../runtime/store/index.js';
import type { ImpactReport, ImpactRun } from '../contract/impact-preview.js';
import { isoTime } from '../domain/iso-time.js';
import type { ImpactTotals } from '../services/impact-preview.js';
import { BODY_CAP_BYTES, PAGE_BUDGET_BYTES, PREVIEW_CHARS, payloadHref } from './run-views.js';

/** A value of the output diff is shown whole up to this size; the outputs themselves carry it in full. */
const CHANGE_CAP_BYTES = 4 * 1024;

/**
 * The bodies of one answer: each whole up to its cap while the answer has carried less than
 * {@link PAGE_BUDGET_BYTES} of them, cut to its preview after that (as run details are), so an
 * answer about 500 runs with large outputs stays a few megabytes. Values no larger than a preview
 * always come whole.
 */
class BodyBudget {
  private left = PAGE_BUDGET_BYTES;

  show(value: unknown, href: string | null, cap = BODY_CAP_BYTES): unknown {
    if (value === null || value === undefined || typeof value === 'boolean' || typeof value === 'number') return value;
    const text = jsonText(value);
    const bytes = Buffer.byteLength(text);
    if (bytes <= PREVIEW_CHARS || (bytes <= cap && bytes <= this.left)) {
      this.left -= bytes;
      return value;
    }
    this.left -= PREVIEW_CHARS;
    return { truncated: true as const, bytes, preview: text.slice(0, PREVIEW_CHARS), href };
  }
}

/**
 * Builds the answer of an impact preview from the runs' impacts as they come: counts every run,
 * and lists (with their bodies capped) those that differ from their recording or whose side
 * effects changed.
 */
export class ImpactReportBuilder {
  private readonly budget = new BodyBudget();
  private readonly summary: ImpactReport['summary'] = { same: 0, differentPath: 0, differentOutput: 0, failed: 0, sideEffectsChanged: 0 };
  private readonly runs: ImpactRun[] = [];

  constructor(private readonly tenantId: string) {}

  add(impact: RunImpact): void {
    this.summary[impact.outcome]++;
    if (impact.sideEffectsChanged) this.summary.sideEffectsChanged++;
    if (impact.outcome === 'same' && !impact.sideEffectsChanged) return;
    this.runs.push({
      runId: impact.runId,
      createdAt: isoTime(impact.createdAt),
      outcome: impact.outcome,
      recorded: this.result(impact.recorded, payloadHref(this.tenantId, impact.runId, 'output')),
      preview: this.result(impact.preview, null),
      sideEffects: impact.sideEffects.map((standIn) => this.sideEffect(standIn)),
      outputDiff: impact.outputChanges.map((change) => this.change(change)),
      moreOutputDiff: impact.moreOutputChanges,
    });
  }

  answer(totals: ImpactTotals): ImpactReport {
    const notPreviewed = totals.sampled - totals.previewed;
    return {
      version: totals.version,
      baselineVersion: totals.baselineVersion,
      sampled: totals.sampled,
      notPreviewed,
      summary: this.summary,
      truncated: notPreviewed > 0,
      runs: this.runs,
    };
  }

  private result(result: RunResult, outputHref: string | null): ImpactRun['recorded'] {
    return {
      status: result.status,
      path: result.path.map((step) => ({ nodeId: step.nodeId, ports: [...step.ports] })),
      output: this.budget.show(result.output, outputHref),
      response: this.budget.show(result.response, null),
      error: result.error === null ? null : this.failure(result.error),
    };
  }

  private failure(failure: FailureRecord): FailureRecord {
    return failure.details === undefined ? failure : { ...failure, details: this.budget.show(failure.details, null) };
  }

  private sideEffect(standIn: StandIn): ImpactRun['sideEffects'][number] {
    return { ...standIn, request: this.budget.show(standIn.request, null) };
  }

  private change(change: OutputChange): ImpactRun['outputDiff'][number] {
    return {
      path: change.path,
      ...('recorded' in change ? { recorded: this.budget.show(change.recorded, null, CHANGE_CAP_BYTES) } : {}),
      ...('preview' in change ? { preview: this.budget.show(change.preview, null, CHANGE_CAP_BYTES) } : {}),
    };
  }
}
