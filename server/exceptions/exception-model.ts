import type { ExceptionReport } from '../../runtime/definition/index.js';

export { EXCEPTION_SEVERITIES, type ExceptionContext, type ExceptionReport, type ExceptionSeverity, type ExceptionSubject } from '../../runtime/definition/index.js';

/** Where an exception came from: a workflow's `flow.raiseException` step, a failed run, or a person. */
export const EXCEPTION_ORIGINS = ['workflow', 'failedRun', 'person'] as const;
export type ExceptionOrigin = (typeof EXCEPTION_ORIGINS)[number];

/** How a classifier training example came to be: seeded, a person's correction of an exception's category, or added by hand. */
export const EXAMPLE_SOURCES = ['seed', 'correction', 'manual'] as const;
export type ExampleSource = (typeof EXAMPLE_SOURCES)[number];

/** The states an exception is worked through; resolved and dismissed close it. */
export const EXCEPTION_STATES = ['open', 'assigned', 'in_progress', 'resolved', 'dismissed'] as const;
export type ExceptionState = (typeof EXCEPTION_STATES)[number];

/** Closed states: the exception needs nothing more (until reopened). */
export const CLOSED_STATES: ReadonlySet<ExceptionState> = new Set(['resolved', 'dismissed']);

/** How a list of exceptions is ordered: newest first, or the remediation queue's (highest priority, then oldest). */
export const EXCEPTION_ORDERS = ['newest', 'priority'] as const;
export type ExceptionOrder = (typeof EXCEPTION_ORDERS)[number];

/** An exception as the API shows it. */
export interface ExceptionRecord extends ExceptionReport {
  readonly id: string;
  readonly tenantId: string;
  /** `EX-<number>`, counted per workspace. */
  readonly key: string;
  readonly origin: ExceptionOrigin;
  readonly state: ExceptionState;
  readonly assigneeId: string | null;
  readonly workflowId: string | null;
  readonly runId: string | null;
  readonly nodeId: string | null;
  /** Where it comes in the remediation queue, 0..100, highest first. */
  readonly priority: number;
  /** When it should be closed: its creation plus the workflow's `slaMinutes`; null without an SLA. */
  readonly dueAt: string | null;
  /** Open past its due time. */
  readonly overdue: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly closedAt: string | null;
}

/** A person's note on an exception. */
export interface ExceptionNote {
  readonly id: string;
  readonly authorId: string;
  readonly text: string;
  readonly createdAt: string;
}

/** An exception with its notes (oldest first) and the runs it concerns. */
export interface ExceptionDetail extends ExceptionRecord {
  readonly notes: readonly ExceptionNote[];
  readonly runIds: readonly string[];
}
