export { canonicalJson, definitionHash } from './definition-hash.js';
export { Engine, type EngineOptions, type RunHandle, type RunTrace, type StartRunRequest } from './engine.js';
export { silentLogger, type EngineLogger } from './engine-logger.js';
export { RunRequestError, StepFailure, WorkflowInvalidError } from './errors.js';
export { newRunId } from './ids.js';
export { DEFAULT_LIMITS, type RunLimits } from './limits.js';
export type { PreparedNode, PreparedWorkflow } from './prepared-workflow.js';
