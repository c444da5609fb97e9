import { isoTime } from '../domain/iso-time.js';
import { CLOSED_STATES, type ExceptionContext, type ExceptionOrigin, type ExceptionRecord, type ExceptionSeverity, type ExceptionState } from './exception-model.js';

/** An `exceptions` row as SQLite returns it. */
export interface ExceptionRow {
  id: string;
  tenant_id: string;
  number: number;
  origin: ExceptionOrigin;
  category: string;
  severity: ExceptionSeverity;
  title: string;
  details: string;
  subject_type: string | null;
  subject_id: string | null;
  owner: string | null;
  context: string;
  state: ExceptionState;
  assignee_id: string | null;
  workflow_id: string | null;
  run_id: string | null;
  node_id: string | null;
  due_at: number | null;
  priority: number;
  created_at: number;
  updated_at: number;
  closed_at: number | null;
}

/** A row as the API shows it, with whether it is overdue at `now`. */
export function toRecord(row: ExceptionRow, now: number): ExceptionRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    key: `EX-${row.number}`,
    origin: row.origin,
    category: row.category,
    severity: row.severity,
    title: row.title,
    details: row.details,
    subject: row.subject_type === null || row.subject_id === null ? null : { type: row.subject_type, id: row.subject_id },
    owner: row.owner,
    context: JSON.parse(row.context) as ExceptionContext,
    state: row.state,
    assigneeId: row.assignee_id,
    workflowId: row.workflow_id,
    runId: row.run_id,
    nodeId: row.node_id,
    priority: row.priority,
    dueAt: isoTime(row.due_at),
    overdue: row.due_at !== null && row.due_at < now && !CLOSED_STATES.has(row.state),
    createdAt: isoTime(row.created_at),
    updatedAt: isoTime(row.updated_at),
    closedAt: isoTime(row.closed_at),
  };
}
