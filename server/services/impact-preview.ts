import type { NodeImplementation } from '../../runtime/definition/index.js';
import type { RunLimits } from '../../runtime/engine/index.js';
import { DryRun, type RunImpact } from '../../runtime/preview/index.js';
import type { RunStore } from '../../runtime/store/index.js';
import { DomainError, invalid } from '../domain/domain-error.js';
import { PreviewGate } from './preview-gate.js';
import type { WorkflowService } from './workflows.js';

/** How previews are bounded. */
export interface ImpactPreviewOptions {
  /** Time one preview may take; runs not previewed by then are reported as such (default 10 s). */
  readonly timeBudgetMs?: number;
  /** Previews running at once in the process, one per tenant at most (default 2). */
  readonly maxConcurrent?: number;
  /** Milliseconds, for the time budget (tests pass their own). */
  readonly now?: () => number;
  /** Run limits for the dry runs (the engine's defaults otherwise). */
  readonly limits?: Partial<RunLimits>;
}

/** What a preview did, beside the runs it handed over. */
export interface ImpactTotals {
  readonly version: number;
  readonly baselineVersion: number;
  /** Recorded runs taken. */
  readonly sampled: number;
  /** Of those, runs previewed before the time budget ran out. */
  readonly previewed: number;
}

/**
 * The impact preview: replays the newest finished runs of a workflow's active version through
 * another version, dry (see `runtime/preview`), and reports how each would have gone. It changes
 * nothing anywhere — no run, no audit entry, no outbound request — so it is not audited.
 */
export class ImpactPreviewService {
  private readonly gate: PreviewGate;
  private readonly timeBudgetMs: number;
  private readonly now: () => number;

  constructor(
    private readonly store: RunStore,
    private readonly workflows: WorkflowService,
    private readonly nodes: readonly NodeImplementation[],
    private readonly options: ImpactPreviewOptions = {},
  ) {
    this.gate = new PreviewGate(options.maxConcurrent ?? 2);
    this.timeBudgetMs = options.timeBudgetMs ?? 10_000;
    this.now = options.now ?? (() => performance.now());
  }

  /**
   * Previews `version` against the active version's newest `sampleSize` finished runs, handing
   * each run's impact to `onRun` as soon as it is known, newest run first, so no more than one
   * run's data is held here at a time. Answers 404 for an unknown workflow or version, 422 when the
   * workflow has no active version or a version no longer validates, 429 when previews are busy.
   */
  async preview(tenantId: string, workflowId: string, version: number, sampleSize: number, onRun: (impact: RunImpact) => void): Promise<ImpactTotals> {
    const pending = await this.workflows.versionDefinition(tenantId, workflowId, version);
    const active = await this.workflows.active(tenantId, workflowId);
    if (!active) throw invalid('the workflow has no active version, so there are no recorded runs to replay; activate a version first');
    const release = this.gate.tryEnter(tenantId);
    if (!release) throw new DomainError('busy', 'PREVIEW_BUSY', 'another impact preview is running (one per workspace at a time); try again in a few seconds');
    try {
      const dryRun = new DryRun({ nodes: this.nodes, pending: { definition: pending, version }, baseline: { definition: active.definition, version: active.version }, limits: this.options.limits });
      try {
        const deadline = this.now() + this.timeBudgetMs;
        const shouldStop = () => this.now() >= deadline;
        await this.store.flush();
        const ids = await this.store.listFinishedRunIds({ tenantId, workflowId, workflowVersion: active.version, limit: sampleSize });
        let vanished = 0;
        let previewed = 0;
        for (const id of ids) {
          if (shouldStop()) break;
          const run = await this.store.getRun(id);
          if (!run) {
            // Retention pruned it since it was listed.
            vanished++;
            continue;
          }
          const impact = await dryRun.replay({ run, steps: await this.store.listSteps(id) }, shouldStop);
          if (!impact) break;
          previewed++;
          onRun(impact);
        }
        return { version, baselineVersion: active.version, sampled: ids.length - vanished, previewed };
      } finally {
        await dryRun.close();
      }
    } finally {
      release();
    }
  }
}
