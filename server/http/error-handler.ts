import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { RunRequestError, TaskDecisionError, TenantBusyError, WorkflowInvalidError } from '../../runtime/engine/index.js';
import { formatPath } from '../../runtime/definition/index.js';
import { ApiError } from './api-error.js';
import { errorBody } from './error-body.js';

const DECISION_STATUS: Record<TaskDecisionError['reason'], number> = {
  'not-found': 404,
  closed: 409,
  'not-allowed': 403,
  'already-decided': 409,
  'link-used': 409,
};

/** Maps any error to the one error shape; only a genuine bug answers 500, and says nothing of it. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof WorkflowInvalidError) {
    return new ApiError(
      422,
      'WORKFLOW_INVALID',
      error.message,
      error.problems.map((problem) => ({ path: formatPath(problem.path), message: problem.message })),
    );
  }
  if (error instanceof TenantBusyError) return new ApiError(429, 'TENANT_BUSY', error.message);
  if (error instanceof RunRequestError) return new ApiError(422, 'RUN_REQUEST', error.message);
  if (error instanceof TaskDecisionError) return new ApiError(DECISION_STATUS[error.reason], error.reason.toUpperCase().replace('-', '_'), error.message);
  const status = (error as { status?: unknown; type?: unknown }).status;
  const type = (error as { type?: unknown }).type;
  if (type === 'entity.too.large') return new ApiError(413, 'PAYLOAD_TOO_LARGE', 'the request body is larger than the server accepts');
  if (type === 'entity.parse.failed') return new ApiError(400, 'INVALID_JSON', 'the request body is not valid JSON');
  if (typeof status === 'number' && status >= 400 && status < 500) return new ApiError(status, 'BAD_REQUEST', 'the request could not be read');
  return new ApiError(500, 'INTERNAL', 'something went wrong on our side; it has been logged');
}

/** The last Express middleware: answers every error in the one shape and logs server faults. */
export function errorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const apiError = toApiError(error);
    if (apiError.status >= 500) logger.error({ err: error, method: req.method, path: req.path }, 'request failed');
    if (res.headersSent) return;
    const retryAfter = apiError.extra.retryAfterSeconds;
    if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
    res.status(apiError.status).json(errorBody(apiError));
  };
}
