/** Per-run limits; exceeding one fails the run (or the step) with a clear error. */
export interface RunLimits {
  /** Steps executed in one run (skipped nodes do not count). */
  readonly maxSteps: number;
  /** Size of the run input and of any one node output, as JSON bytes. */
  readonly maxPayloadBytes: number;
  /**
   * Wall-clock duration of a run, time spent waiting included; a workflow's
   * `settings.timeoutSeconds` can only lower it. Checked whenever a step is about to start.
   */
  readonly maxDurationMs: number;
  /** Default timeout of one step when its node sets none. */
  readonly stepTimeoutMs: number;
  /** Steps of one run executing at the same time (parallel branches). */
  readonly maxParallelSteps: number;
  /** How deep runs may nest through flow.forEach and flow.subworkflow (a workflow calling itself). */
  readonly maxChildDepth: number;
  /** Runs of one tenant executing at the same time (waiting runs do not count); more are refused. */
  readonly maxActiveRunsPerTenant: number;
}

/** Defaults for a single-machine deployment; see docs/runtime.md. */
export const DEFAULT_LIMITS: RunLimits = Object.freeze({
  maxSteps: 10_000,
  maxPayloadBytes: 5 * 1024 * 1024,
  maxDurationMs: 90 * 24 * 60 * 60 * 1000,
  stepTimeoutMs: 5 * 60 * 1000,
  maxParallelSteps: 16,
  maxChildDepth: 8,
  maxActiveRunsPerTenant: 1000,
});
