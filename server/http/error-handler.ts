import Database from 'better-sqlite3';
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
  if (error instanceof RunRequestError) {
    return new ApiError(422, 'RUN_REQUEST', error.message, error.path === undefined ? [] : [{ path: formatPath(error.path), message: error.message }]);
  }
  if (error instanceof TaskDecisionError) return new ApiError(DECISION_STATUS[error.reason], error.reason.toUpperCase().replace('-', '_'), error.message);
  const duplicate = duplicateKeyConflict(error);
  if (duplicate) return duplicate;
  const status = (error as { status?: unknown; type?: unknown }).status;
  const type = (error as { type?: unknown }).type;
  if (type === 'entity.too.large') return new ApiError(413, 'PAYLOAD_TOO_LARGE', 'the request body is larger than the server accepts');
  if (type === 'entity.parse.failed') return new ApiError(400, 'INVALID_JSON', 'the request body is not valid JSON');
  if (typeof status === 'number' && status >= 400 && status < 500) return new ApiError(status, 'BAD_REQUEST', 'the request could not be read');
  return new ApiError(500, 'INTERNAL', 'something went wrong on our side; it has been logged');
}

/** SQLite's codes for an insert or update that would duplicate a unique key. */
const DUPLICATE_KEY_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

/**
 * A unique key that two concurrent requests raced for (both checked, both inserted; the second
 * insert failed): a conflict with the state the first request created, never a server fault.
 * Services check for duplicates first and say so in their own words; this closes the window
 * between such a check and the insert, wherever it is.
 */
function duplicateKeyConflict(error: unknown): ApiError | undefined {
  if (!(error instanceof Database.SqliteError) || !DUPLICATE_KEY_CODES.has(error.code)) return undefined;
  // "UNIQUE constraint failed: credentials.tenant_id, credentials.name" → "name"
  const columns = error.message.replace(/^.*failed:\s*/, '').split(',').map((column) => column.trim().replace(/^\w+\./, ''));
  const fields = columns.filter((column) => column !== 'tenant_id' && column !== 'id').map((column) => column.replace(/_/g, ' '));
  const what = fields.length > 0 ? `this ${fields.join(' and ')}` : 'this key';
  return new ApiError(409, 'CONFLICT', `another request created a record with ${what} at the same moment; reload and try again`);
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
