import type { Role } from '../../../runtime/definition/roles.js';

/** Shapes of the API's answers the designer uses (see docs/api.md and /api/v1/openapi.json). */

export interface Branding {
  productName: string;
  logoDataUrl: string | null;
  primaryColor: string;
  accentColor: string;
  supportEmail: string | null;
  supportUrl: string | null;
}

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  kind: 'partner' | 'customer';
  parentId: string | null;
}

export interface Workspace {
  tenant: Tenant;
  roles: Role[];
  /** Roles from a membership of the tenant, from its partner (delegated), or both (then `roles` is the union). */
  via: 'member' | 'partner' | 'both';
  branding: Branding;
}

export interface Me {
  user: { id: string; email: string; name: string };
  csrfToken: string | null;
  workspaces: Workspace[];
}

export interface Problem {
  code: string;
  path: string;
  message: string;
  nodeId?: string;
  edgeId?: string;
}

export interface WorkflowSummary {
  id: string;
  name: string;
  description: string;
  revision: number;
  activeVersion: number | null;
  latestVersion: number | null;
  pendingVersions: number;
  archived: boolean;
  updatedAt: string;
  updatedBy: string;
}

export interface WorkflowDetail extends WorkflowSummary {
  draft: Record<string, unknown>;
  problems: Problem[];
}

export interface RunStep {
  nodeId: string;
  iteration: string;
  status: 'running' | 'succeeded' | 'failed' | 'skipped' | 'waiting';
  attempt: number;
  ports: string[];
  input: unknown;
  output: unknown;
  error: { message: string; code: string } | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface RunDetail {
  id: string;
  status: 'queued' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled';
  output: unknown;
  error: { message: string; code: string; nodeId?: string } | null;
  steps: RunStep[];
}

export interface VersionReview {
  reviewerId: string;
  reviewerName: string;
  decision: 'approve' | 'reject';
  comment: string;
  createdAt: string;
}

/** An immutable version of a workflow (GET .../versions). */
export interface WorkflowVersion {
  workflowId: string;
  version: number;
  status: 'pending' | 'approved' | 'rejected';
  note: string;
  authorId: string;
  authorName: string;
  createdAt: string;
  decidedAt: string | null;
  definitionHash: string;
  active: boolean;
  /** How many approvals sign-off needs under the tenant's policy now. */
  requiredApprovals: number;
  reviews: VersionReview[];
}

/** A version with its definition (GET .../versions/:version). */
export interface VersionDetail extends WorkflowVersion {
  definition: Record<string, unknown>;
}

/** An activation; a rollback when it went back to an earlier version (GET .../activations). */
export interface Activation {
  version: number;
  previousVersion: number | null;
  reason: string;
  actorId: string;
  actorName: string;
  createdAt: string;
}

/** Unfinished runs per version (GET .../runs-in-flight). */
export interface RunsInFlight {
  total: number;
  versions: { version: number; count: number }[];
}

/** A human task of an approval gate (GET .../tasks). */
export interface Task {
  id: string;
  runId: string;
  nodeId: string;
  status: 'open' | 'approved' | 'rejected' | 'timed_out' | 'cancelled';
  title: string;
  instructions: string;
  fields: Record<string, unknown>;
  policy: { roles: string[]; users: string[]; requiredApprovals: number; vetoOnReject: boolean; allowInitiator: boolean };
  dueAt: string | null;
  escalatedAt: string | null;
  createdAt: string;
  closedAt: string | null;
  decisions: { actorId: string; decision: 'approve' | 'reject'; comment: string; decidedAt: string }[];
}

interface InboxItemBase {
  tenant: Tenant;
  workflowId: string | null;
  workflowName: string | null;
  createdAt: string;
  dueAt: string | null;
  overdue: boolean;
  approvals: { received: number; required: number };
  yourDecision: { decision: 'approve' | 'reject'; comment: string; decidedAt: string } | null;
}

/** A version waiting for (or given) the user's sign-off. */
export interface InboxVersion extends InboxItemBase {
  kind: 'version';
  version: number;
  status: WorkflowVersion['status'];
  note: string;
  authorId: string;
  authorName: string;
}

/** An approval-gate task waiting for (or given) the user's decision. */
export interface InboxTask extends InboxItemBase {
  kind: 'task';
  taskId: string;
  runId: string;
  nodeId: string;
  workflowVersion: number | null;
  status: Task['status'];
  title: string;
  instructions: string;
  fields: Record<string, unknown>;
  escalatedAt: string | null;
}

export type InboxItem = InboxVersion | InboxTask;

/** GET /api/v1/me/approvals. */
export interface ApprovalInbox {
  view: 'waiting' | 'history';
  items: InboxItem[];
  waiting: number;
  overdue: number;
  more: boolean;
}
