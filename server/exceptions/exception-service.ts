import { randomBytes } from 'node:crypto';
import { notFound } from '../domain/domain-error.js';
import { isoTime } from '../domain/iso-time.js';
import { SEVERITY_PRIORITY } from '../../runtime/definition/exception-report.js';
import { CLOSED_STATES, type ExceptionDetail, type ExceptionOrder, type ExceptionOrigin, type ExceptionRecord, type ExceptionReport, type ExceptionSeverity, type ExceptionState } from './exception-model.js';
import { toRecord, type ExceptionRow } from './exception-rows.js';
import { nextWork, type WorkChange } from './exception-transitions.js';
import { failedRunReport, runOrigin, type RunOrigin } from './failed-run-report.js';
import { recordText, type TrainingExamples } from './training-examples.js';
import type { FinishedRun } from '../events/finished-run.js';
import type { PlatformEventLog } from '../events/platform-event-log.js';
import type { ClassifiedException, ExceptionClassification } from '../../runtime/definition/index.js';
import type { SqlDatabase, SqlValue } from '../../runtime/store/index.js';

/** What a list of exceptions is filtered by. */
export interface ExceptionFilter {
  readonly state?: ExceptionState | 'unresolved';
  readonly category?: string;
  readonly severity?: ExceptionSeverity;
  readonly workflowId?: string;
  readonly assigneeId?: string;
  /** `newest` first (the default), or the queue's order: highest `priority` first, then oldest. */
  readonly order?: ExceptionOrder;
  /** The last item of the previous page (its priority matters in the `priority` order). */
  readonly after?: { readonly createdAt: number; readonly id: string; readonly priority?: number };
  readonly limit: number;
}

/** A person's change to an exception: its work (state, assignee), its category or severity, with an optional note. */
export interface ExceptionChange extends WorkChange {
  readonly category?: string;
  readonly severity?: ExceptionSeverity;
  readonly priority?: number;
  readonly note?: string;
}

const newId = () => randomBytes(12).toString('base64url');

/**
 * Exceptions per workspace: raised by workflows (once per step, however often it runs again),
 * left by failed runs (in the commit that ends the run), and worked by people — assigned, moved
 * through their states, annotated, closed and reopened. Every query is scoped by tenant.
 */
export class ExceptionService {
  constructor(
    private readonly sql: SqlDatabase,
    private readonly now: () => number = Date.now,
    /** Where a person's correction of a category becomes a training example of the local classifier. */
    private readonly examples?: TrainingExamples,
    /** Where `exception.raised` and `exception.classified` are recorded, in the change's commit. */
    private readonly events?: PlatformEventLog,
  ) {}

  /**
   * Records an exception a run's step raised (`idempotencyKey`: the step's), or answers the one
   * it raised before. Due after the workflow's `slaMinutes`, when it has one.
   */
  raise(origin: RunOrigin & { readonly idempotencyKey: string }, report: ExceptionReport): Promise<{ exception: ExceptionRecord; created: boolean }> {
    return this.insert(origin.tenantId, 'workflow', report, origin, origin.idempotencyKey);
  }

  /** The exception a step of `runId` raises, with where the run is from; undefined when the store has no such run. */
  async raiseForRun(runId: string, nodeId: string, idempotencyKey: string, report: ExceptionReport): Promise<{ exception: ExceptionRecord; created: boolean } | undefined> {
    const origin = await runOrigin(this.sql, runId, nodeId);
    return origin && (await this.raise({ ...origin, idempotencyKey }, report));
  }

  /** Leaves the exception of a run that failed (see `failedRunReport`); nothing for other runs, once per run. */
  async recordFailedRun(run: FinishedRun): Promise<void> {
    const failed = failedRunReport(run);
    if (failed) await this.insert(failed.origin.tenantId, 'failedRun', failed.report, failed.origin, `failed-run:${run.runId}`);
  }

  /** The exceptions of `tenantIds` matching the filter, in the filter's order. */
  async list(tenantIds: readonly string[], filter: ExceptionFilter): Promise<ExceptionRecord[]> {
    if (tenantIds.length === 0) return [];
    const where = [`tenant_id IN (${tenantIds.map(() => '?').join(', ')})`];
    const values: SqlValue[] = [...tenantIds];
    const equal = (column: string, value: string | undefined) => {
      if (value === undefined) return;
      where.push(`${column} = ?`);
      values.push(value);
    };
    if (filter.state === 'unresolved') where.push("state NOT IN ('resolved', 'dismissed')");
    else equal('state', filter.state);
    equal('category', filter.category);
    equal('severity', filter.severity);
    equal('workflow_id', filter.workflowId);
    equal('assignee_id', filter.assigneeId);
    const byPriority = filter.order === 'priority';
    if (filter.after && byPriority) {
      const { priority = 0, createdAt, id } = filter.after;
      where.push('(priority < ? OR (priority = ? AND (created_at > ? OR (created_at = ? AND id > ?))))');
      values.push(priority, priority, createdAt, createdAt, id);
    } else if (filter.after) {
      where.push('(created_at < ? OR (created_at = ? AND id < ?))');
      values.push(filter.after.createdAt, filter.after.createdAt, filter.after.id);
    }
    const order = byPriority ? 'priority DESC, created_at ASC, id ASC' : 'created_at DESC, id DESC';
    const rows = await this.sql.all<ExceptionRow>(`SELECT * FROM exceptions WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ?`, [...values, filter.limit]);
    const now = this.now();
    return rows.map((row) => toRecord(row, now));
  }

  /** One exception of the workspace with its notes and runs; 404 for another workspace's. */
  async get(tenantId: string, id: string): Promise<ExceptionDetail> {
    const row = await this.row(tenantId, id);
    const notes = await this.sql.all<{ id: string; author_id: string; text: string; created_at: number }>('SELECT id, author_id, text, created_at FROM exception_notes WHERE exception_id = ? ORDER BY created_at, id', [id]);
    const runIds = (await this.sql.all<{ run_id: string }>('SELECT run_id FROM exception_runs WHERE exception_id = ? ORDER BY linked_at, run_id', [id])).map((run) => run.run_id);
    return {
      ...toRecord(row, this.now()),
      notes: notes.map((note) => ({ id: note.id, authorId: note.author_id, text: note.text, createdAt: isoTime(note.created_at) })),
      runIds,
    };
  }

  /** Records an exception a person reports by hand. */
  async report(tenantId: string, report: ExceptionReport): Promise<ExceptionRecord> {
    return (await this.insert(tenantId, 'person', report, null, null)).exception;
  }

  /**
   * Changes an exception's work, category or severity, adding the note when given; answers it as it
   * is now. A new category is a person's correction: the exception's text becomes an example of it
   * for the workspace's local classifier.
   */
  async change(tenantId: string, authorId: string, id: string, change: ExceptionChange): Promise<ExceptionDetail> {
    await this.sql.transaction(async () => {
      const row = await this.row(tenantId, id);
      const work = nextWork({ state: row.state, assigneeId: row.assignee_id }, change);
      const now = this.now();
      const closedAt = CLOSED_STATES.has(work.state) ? (CLOSED_STATES.has(row.state) ? row.closed_at : now) : null;
      await this.sql.run('UPDATE exceptions SET state = ?, assignee_id = ?, category = ?, severity = ?, priority = ?, closed_at = ?, updated_at = ? WHERE id = ? AND tenant_id = ?', [
        work.state,
        work.assigneeId,
        change.category ?? row.category,
        change.severity ?? row.severity,
        change.priority ?? row.priority,
        closedAt,
        now,
        id,
        tenantId,
      ]);
      if (change.note !== undefined) await this.insertNote(id, authorId, change.note, now);
      if (change.category !== undefined && change.category !== row.category) {
        await this.examples?.add(tenantId, recordText(toRecord(row, now)), change.category, 'correction');
        await this.events?.record(tenantId, 'exception.classified', { ...exceptionEventData(toRecord(await this.row(tenantId, id), now)), previousCategory: row.category, classifiedBy: 'person', confidence: 1 });
      }
    });
    return this.get(tenantId, id);
  }

  /**
   * Gives an exception the category a classifier chose (an `ai.classify` step's), recording
   * `exception.classified` with the classifier's confidence in the same commit. Unlike a person's
   * correction it is no training example: the classifier would learn from itself. The same
   * category again changes nothing, so a step that runs again records no second event.
   */
  classify(tenantId: string, id: string, classification: ExceptionClassification): Promise<ClassifiedException> {
    return this.sql.transaction(async () => {
      const row = await this.row(tenantId, id);
      const previous = { id, key: toRecord(row, this.now()).key, category: classification.category, previousCategory: row.category };
      if (row.category === classification.category) return { ...previous, changed: false };
      const now = this.now();
      await this.sql.run('UPDATE exceptions SET category = ?, updated_at = ? WHERE id = ? AND tenant_id = ?', [classification.category, now, id, tenantId]);
      await this.events?.record(tenantId, 'exception.classified', {
        ...exceptionEventData(toRecord(await this.row(tenantId, id), now)),
        previousCategory: row.category,
        classifiedBy: 'classifier',
        provider: classification.provider,
        confidence: classification.confidence,
      });
      return { ...previous, changed: true };
    });
  }

  /** Adds a note to an exception. */
  async addNote(tenantId: string, authorId: string, id: string, text: string): Promise<ExceptionDetail> {
    await this.row(tenantId, id);
    const now = this.now();
    await this.sql.transaction(async () => {
      await this.insertNote(id, authorId, text, now);
      await this.sql.run('UPDATE exceptions SET updated_at = ? WHERE id = ?', [now, id]);
    });
    return this.get(tenantId, id);
  }

  private async insertNote(exceptionId: string, authorId: string, text: string, now: number): Promise<void> {
    await this.sql.run('INSERT INTO exception_notes (id, exception_id, author_id, text, created_at) VALUES (?, ?, ?, ?, ?)', [newId(), exceptionId, authorId, text, now]);
  }

  /**
   * Inserts an exception with the workspace's next number. The lock `exceptions:<tenant>` is taken
   * before the idempotency check and the number's `MAX + 1`, so two processes raising at once
   * neither insert the same step's exception twice nor draw the same number.
   */
  private insert(tenantId: string, origin: ExceptionOrigin, report: ExceptionReport, from: RunOrigin | null, idempotencyKey: string | null): Promise<{ exception: ExceptionRecord; created: boolean }> {
    return this.sql.transaction(async () => {
      await this.sql.lock(`exceptions:${tenantId}`);
      if (idempotencyKey !== null) {
        const earlier = await this.sql.get<ExceptionRow>('SELECT * FROM exceptions WHERE tenant_id = ? AND idempotency_key = ?', [tenantId, idempotencyKey]);
        if (earlier) return { exception: toRecord(earlier, this.now()), created: false };
      }
      const now = this.now();
      const id = newId();
      const next = await this.sql.get<{ number: number }>('SELECT COALESCE(MAX(number), 0) + 1 AS number FROM exceptions WHERE tenant_id = ?', [tenantId]);
      const dueAt = from?.slaMinutes ? now + from.slaMinutes * 60_000 : null;
      await this.sql.run(
        `INSERT INTO exceptions (id, tenant_id, number, origin, category, severity, priority, title, details, subject_type, subject_id, owner, context, state, workflow_id, run_id, node_id, idempotency_key, due_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?)`,
        [
          id,
          tenantId,
          next?.number ?? 1,
          origin,
          report.category,
          report.severity,
          report.priority ?? SEVERITY_PRIORITY[report.severity],
          report.title,
          report.details,
          report.subject?.type ?? null,
          report.subject?.id ?? null,
          report.owner,
          JSON.stringify(report.context),
          from?.workflowId ?? null,
          from?.runId ?? null,
          from?.nodeId ?? null,
          idempotencyKey,
          dueAt,
          now,
          now,
        ],
      );
      if (from) await this.sql.run('INSERT INTO exception_runs (exception_id, run_id, linked_at) VALUES (?, ?, ?)', [id, from.runId, now]);
      const exception = toRecord(await this.row(tenantId, id), now);
      await this.events?.record(tenantId, 'exception.raised', exceptionEventData(exception));
      return { exception, created: true };
    });
  }

  private async row(tenantId: string, id: string): Promise<ExceptionRow> {
    const row = await this.sql.get<ExceptionRow>('SELECT * FROM exceptions WHERE id = ? AND tenant_id = ?', [id, tenantId]);
    if (!row) throw notFound('the exception');
    return row;
  }
}

/** The facts of an exception that its events carry. */
export function exceptionEventData(exception: ExceptionRecord): Record<string, unknown> {
  return {
    exceptionId: exception.id,
    key: exception.key,
    origin: exception.origin,
    category: exception.category,
    severity: exception.severity,
    title: exception.title,
    subject: exception.subject,
    owner: exception.owner,
    workflowId: exception.workflowId,
    runId: exception.runId,
    dueAt: exception.dueAt,
  };
}
