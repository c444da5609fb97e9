export { MAX_OUTPUT_CHANGES } from './compare-runs.js';
export { DryRun, VersionInvalidError, type DryRunOptions, type VersionToReplay } from './dry-run.js';
export type { ImpactOutcome, OutputChange, PathStep, RecordedRun, RunImpact, RunResult, StandIn } from './dry-run-result.js';
