/** How bad an exception is. */
export const EXCEPTION_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type ExceptionSeverity = (typeof EXCEPTION_SEVERITIES)[number];

/** What it concerns in the business: an order, an invoice, ... and its id there. */
export interface ExceptionSubject {
  readonly type: string;
  readonly id: string;
}

/** A flat record of facts about the exception (order total, payment status, country, ...). */
export type ExceptionContext = Readonly<Record<string, string | number | boolean | null>>;

/** What raising an exception says about it (a `flow.raiseException` step, a failed run, a person). */
export interface ExceptionReport {
  readonly category: string;
  readonly severity: ExceptionSeverity;
  readonly title: string;
  readonly details: string;
  readonly subject: ExceptionSubject | null;
  /** The partner firm or team that owns it, as the workflow names it (routing, not access). */
  readonly owner: string | null;
  readonly context: ExceptionContext;
  /** Where it comes in the remediation queue, 0..100 (higher first); by severity when not given. */
  readonly priority?: number;
}

/** The priority of an exception that names none: its severity's. */
export const SEVERITY_PRIORITY: Readonly<Record<ExceptionSeverity, number>> = { low: 25, medium: 50, high: 75, critical: 90 };

/** The exception a step raised: its id, its key (`EX-42`), and whether this call created it. */
export interface RaisedException {
  readonly id: string;
  readonly key: string;
  readonly created: boolean;
}

/** A classifier's verdict on an exception: the category, how sure it is (0..1), and which classifier. */
export interface ExceptionClassification {
  readonly category: string;
  readonly confidence: number;
  /** The classifier that decided, e.g. an `ai.classify` provider (`rules`, `local`, `openai`). */
  readonly provider: string;
}

/** An exception after a step classified it: `previousCategory` is the one it had; unchanged when the same. */
export interface ClassifiedException {
  readonly id: string;
  readonly key: string;
  readonly category: string;
  readonly previousCategory: string;
  readonly changed: boolean;
}

/** The workspace's exceptions, as a node sees them: raising (always for its own step, once however often the step runs) and classifying. */
export interface ExceptionSink {
  raise(report: ExceptionReport): Promise<RaisedException>;
  /** Gives an exception of the run's workspace the classifier's category; an unknown id is a step error. */
  classify(exceptionId: string, classification: ExceptionClassification): Promise<ClassifiedException>;
}

/** The step an exception is raised from. */
export interface RaisingStep {
  readonly tenantId: string;
  readonly runId: string;
  readonly nodeId: string;
  /** The step's idempotency key: the same on every attempt and after a crash. */
  readonly idempotencyKey: string;
}

/** The engine's source of exceptions: the embedding server records and classifies them within the run's tenant. */
export interface TenantExceptionSink {
  raise(step: RaisingStep, report: ExceptionReport): Promise<RaisedException>;
  classify(step: RaisingStep, exceptionId: string, classification: ExceptionClassification): Promise<ClassifiedException>;
}
