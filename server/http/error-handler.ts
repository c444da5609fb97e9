import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { RunRequestError, TaskDecisionError, TenantBusyError, WorkflowInvalidError } from '../../runtime/engine/index.js';
import { formatPath } from '../../runtime/definition/index.js';
import { isNulCharacterRefusal } from '../db/nul-character.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import { DomainError, type DomainErrorKind } from '../domain/domain-error.js';
import { errorBody } from './error-body.js';

/** The one place a kind of refusal becomes an HTTP status. */
const HTTP_STATUS: Record<DomainErrorKind, number> = {
  malformed: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  'method-not-allowed': 405,
  conflict: 409,
  gone: 410,
  'too-large': 413,
  'unsupported-media-type': 415,
  invalid: 422,
  busy: 429,
  internal: 500,
  'dependency-failed': 502,
};

const DECISION_KIND: Record<TaskDecisionError['reason'], DomainErrorKind> = {
  'not-found': 'not-found',
  closed: 'conflict',
  'not-allowed': 'forbidden',
  'already-decided': 'conflict',
  'link-used': 'conflict',
};

/** An error as the API answers it: its HTTP status and the domain error that makes its body. */
export interface HttpFailure {
  readonly status: number;
  readonly error: DomainError;
}

/** The HTTP answer to any error; only a genuine bug answers 500, and says nothing of it. */
export function toHttpFailure(error: unknown): HttpFailure {
  const domainError = toDomainError(error);
  return { status: HTTP_STATUS[domainError.kind], error: domainError };
}

/** Any error as a domain error: the engine's, the database's unique-key races and the body parser's too. */
function toDomainError(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof WorkflowInvalidError) {
    return new DomainError(
      'invalid',
      'WORKFLOW_INVALID',
      error.message,
      error.problems.map((problem) => ({ path: formatPath(problem.path), message: problem.message })),
    );
  }
  if (error instanceof TenantBusyError) return new DomainError('busy', 'TENANT_BUSY', error.message);
  if (error instanceof RunRequestError) {
    return new DomainError('invalid', 'RUN_REQUEST', error.message, error.path === undefined ? [] : [{ path: formatPath(error.path), message: error.message }]);
  }
  if (error instanceof TaskDecisionError) return new DomainError(DECISION_KIND[error.reason], error.reason.toUpperCase().replace('-', '_'), error.message);
  const duplicate = duplicateKeyConflict(error);
  if (duplicate) return duplicate;
  if (isNulCharacterRefusal(error)) return new DomainError('malformed', 'BAD_REQUEST', 'the request holds a NUL character (U+0000), which no name, id or text here may contain');
  const status = (error as { status?: unknown; type?: unknown }).status;
  const type = (error as { type?: unknown }).type;
  if (type === 'entity.too.large') return new DomainError('too-large', 'PAYLOAD_TOO_LARGE', 'the request body is larger than the server accepts');
  if (type === 'entity.parse.failed') return new DomainError('malformed', 'INVALID_JSON', 'the request body is not valid JSON');
  if (typeof status === 'number' && status >= 400 && status < 500) return new DomainError('malformed', 'BAD_REQUEST', 'the request could not be read');
  return new DomainError('internal', 'INTERNAL', 'something went wrong on our side; it has been logged');
}

/**
 * A unique key that two concurrent requests raced for (both checked, both inserted; the second
 * insert failed): a conflict with the state the first request created, never a server fault.
 * Services check for duplicates first and say so in their own words; this closes the window
 * between such a check and the insert, wherever it is, on either engine.
 */
function duplicateKeyConflict(error: unknown): DomainError | undefined {
  if (!isUniqueViolation(error)) return undefined;
  const fields = duplicatedColumns(error)
    .filter((column) => column !== 'tenant_id' && column !== 'id')
    .map((column) => column.replace(/_/g, ' '));
  const what = fields.length > 0 ? `this ${fields.join(' and ')}` : 'this key';
  return new DomainError('conflict', 'CONFLICT', `another request created a record with ${what} at the same moment; reload and try again`);
}

/**
 * The columns of the key a unique violation names: SQLite's message names them with their table
 * ("UNIQUE constraint failed: credentials.tenant_id, credentials.name"), PostgreSQL's detail as the
 * index has them, expressions included ("Key (tenant_id, lower(name))=(…) already exists.").
 */
function duplicatedColumns(error: Error): string[] {
  const detail = (error as { detail?: unknown }).detail;
  const postgresKey = typeof detail === 'string' ? /^Key \((.*?)\)=\(/.exec(detail)?.[1] : undefined;
  const columns = postgresKey ?? error.message.replace(/^.*failed:\s*/, '');
  return columns.split(',').map((column) => column.trim().replace(/^\w+\((.*)\)$/, '$1').replace(/^\w+\./, ''));
}

/** The last Express middleware: answers every error in the one shape and logs server faults. */
export function errorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const failure = toHttpFailure(error);
    if (failure.status >= 500) logger.error({ err: error, method: req.method, path: req.path }, 'request failed');
    if (res.headersSent) return;
    const retryAfter = failure.error.extra.retryAfterSeconds;
    if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
    res.status(failure.status).json(errorBody(failure.error));
  };
}
