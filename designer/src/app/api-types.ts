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

/** A webhook trigger of a workflow's active version (`GET .../workflows/:id/triggers`); never its secret. */
export interface WebhookTriggerSummary {
  workflowId: string;
  nodeId: string;
  path: string;
  /** The path on the server: `/hooks/<tenant slug>/<path>`. */
  url: string;
}

/** A webhook secret just issued (`POST .../triggers/:nodeId/secret`): shown once. */
export interface IssuedWebhookSecret {
  nodeId: string;
  secret: string;
}
