import type { Role } from '../../../runtime/definition/roles.js';

/** Shapes of the API's answers the designer uses (see docs/api.md and /api/v1/openapi.json). */

export interface Branding {
  productName: string;
  /** The logo's address on this server (`/brand-logos/…`), or null. */
  logoUrl: string | null;
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
  /** Whether the user runs this installation (the Partners page). */
  platformOperator: boolean;
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

/* Settings (administration): customers, members, branding, credentials, audit log, policies. */

export interface CustomerStatus {
  tenant: Tenant;
  activeWorkflows: number;
  runsToday: number;
  failuresToday: number;
  members: number;
}

export interface Member {
  userId: string;
  email: string;
  name: string;
  roles: Role[];
}

export interface Invitation {
  id: string;
  email: string;
  roles: Role[];
  status: 'pending' | 'expired' | 'accepted' | 'revoked';
  createdAt: string;
  expiresAt: string;
}

/** A brand to save: `logoDataUrl` a new logo, null to remove it, left out to keep it. */
export interface BrandingInput {
  productName: string;
  primaryColor: string;
  accentColor: string;
  supportEmail: string | null;
  supportUrl: string | null;
  logoDataUrl?: string | null;
}

export type CredentialType = 'apiKey' | 'basic' | 'bearer' | 'oauth2ClientCredentials';

export interface Credential {
  id: string;
  name: string;
  type: CredentialType;
  createdBy: string;
  createdAt: string;
  rotatedAt: string | null;
  allowedHosts: string[];
  allowDrafts: boolean;
  usedBy: { workflowId: string; workflowName: string; in: ('draft' | 'active')[] }[];
}

/** The write-only values of a credential, per type. */
export type CredentialSecret =
  | { type: 'apiKey'; name: string; value: string; in: 'header' | 'query' }
  | { type: 'basic'; username: string; password: string }
  | { type: 'bearer'; token: string }
  | { type: 'oauth2ClientCredentials'; tokenUrl: string; clientId: string; clientSecret: string; scope: string };

export interface AuditEntry {
  seq: number;
  actorId: string;
  action: string;
  targetType: string;
  targetId: string;
  beforeDigest: string | null;
  afterDigest: string | null;
  details: Record<string, unknown>;
  createdAt: string;
  prevHash: string;
  hash: string;
}

export interface AuditPage {
  items: AuditEntry[];
  nextAfter: number | null;
  /** Names and emails of the people behind the page's user ids. */
  actors: Record<string, { name: string; email: string }>;
}

export type AuditVerification = { ok: true; entries: number; head: { seq: number; hash: string } | null } | { ok: false; entries: number; brokenAt: number; reason: string };

export interface Policy {
  requiredApprovals: number;
  retentionDays: number;
  customerApprovalFloor?: number;
  requireSeparateActivator: boolean;
  approvalFloor: number;
  effectiveRequiredApprovals: number;
}

/* The platform operator's partners, and first-run setup. */

export interface Partner {
  id: string;
  slug: string;
  name: string;
  createdAt: string;
  customers: number;
  members: number;
  suspendedAt: string | null;
  suspensionReason: string | null;
  signInHost: string | null;
}
