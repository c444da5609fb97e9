import { formatPath, type ValidationProblem } from '../definition/index.js';

/** The definition cannot run: it has validation problems. */
export class WorkflowInvalidError extends Error {
  override readonly name = 'WorkflowInvalidError';
  readonly problems: readonly ValidationProblem[];

  constructor(problems: readonly ValidationProblem[]) {
    const first = problems[0];
    const summary = first ? `${formatPath(first.path)}: ${first.message}` : 'invalid workflow';
    const others = problems.length - 1;
    const more = others > 0 ? ` (and ${others} more problem${others === 1 ? '' : 's'})` : '';
    super(`the workflow is not valid: ${summary}${more}`);
    this.problems = problems;
  }
}

/** The request to start a run is wrong: bad input or params, or an unknown trigger. */
export class RunRequestError extends Error {
  override readonly name: string = 'RunRequestError';

  /**
   * @param path where in the request the problem is, when it is in one value (`['input', 'order',
   *   'lines', 3]`, `['params', 'limit']`); the API reports it as the error's detail.
   */
  constructor(
    message: string,
    readonly path?: readonly (string | number)[],
  ) {
    super(message);
  }
}

/** A failure of the engine itself while running a step (as opposed to the node's own failure). */
export class StepFailure extends Error {
  override readonly name = 'StepFailure';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A run was refused because its tenant already has as many runs executing as it may. */
export class TenantBusyError extends RunRequestError {
  override readonly name = 'TenantBusyError';
}

/**
 * The engine is shutting down or has shut down (see `Engine.shutdown`): it takes no new request.
 * Nothing was done; the request can be made again to an engine that is running.
 */
export class EngineStoppedError extends RunRequestError {
  override readonly name = 'EngineStoppedError';
  constructor() {
    super('the engine is shutting down');
  }
}
