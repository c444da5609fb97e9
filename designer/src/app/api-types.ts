import type { Role } from '../../../runtime/definition/roles.js';
import type { z } from 'zod';
import type { approvalInboxSchema, inboxItemSchema, taskItemSchema, versionItemSchema } from '../../../server/contract/approvals.js';
import type { tenantSchema } from '../../../server/contract/common.js';
import type { meSchema, workspaceSchema } from '../../../server/contract/me.js';
import type { runDetailSchema, stepSchema } from '../../../server/contract/runs.js';
import type { taskSchema } from '../../../server/contract/tasks.js';
import type { brandingSchema } from '../../../server/contract/tenants.js';
import type { activationSchema, runsInFlightSchema, versionDetailSchema, versionSchema } from '../../../server/contract/versions.js';
import type { problemSchema, workflowDetailSchema, workflowSummarySchema } from '../../../server/contract/workflows.js';

/**
 * The API's answers as the designer reads them: types only, taken from the zod schemas the server
 * validates and documents with (server/contract/, browser-safe), so the two cannot drift apart.
 */

export type Branding = z.output<typeof brandingSchema>;
export type Tenant = z.output<typeof tenantSchema>;
export type Workspace = z.output<typeof workspaceSchema>;
export type Me = z.output<typeof meSchema>;
export type Problem = z.output<typeof problemSchema>;
export type WorkflowSummary = z.output<typeof workflowSummarySchema>;
export type WorkflowDetail = z.output<typeof workflowDetailSchema>;
export type RunStep = z.output<typeof stepSchema>;
export type RunDetail = z.output<typeof runDetailSchema>;
export type WorkflowVersion = z.output<typeof versionSchema>;
export type VersionReview = WorkflowVersion['reviews'][number];
export type VersionDetail = z.output<typeof versionDetailSchema>;
export type Activation = z.output<typeof activationSchema>;
export type RunsInFlight = z.output<typeof runsInFlightSchema>;
export type Task = z.output<typeof taskSchema>;
export type InboxVersion = z.output<typeof versionItemSchema>;
export type InboxTask = z.output<typeof taskItemSchema>;
export type InboxItem = z.output<typeof inboxItemSchema>;
export type ApprovalInbox = z.output<typeof approvalInboxSchema>;

/** The parts of a run its trace and the canvas show (a test run just started has only these). */
export type RunTrace = Pick<RunDetail, 'id' | 'status' | 'output' | 'error' | 'steps'>;

/*
 * Settings (administration) and the platform operator's pages: hand-written for now; they move to
 * server/contract/ like the types above (issue 11).
 */

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
