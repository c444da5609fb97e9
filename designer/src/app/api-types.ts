import type { z } from 'zod';
import type { approvalInboxSchema, inboxItemSchema, taskItemSchema, versionItemSchema } from '../../../server/contract/approvals.js';
import type { auditEntrySchema, auditPageSchema, auditVerificationSchema } from '../../../server/contract/audit.js';
import type { tenantSchema } from '../../../server/contract/common.js';
import type { credentialSchema, credentialSecretSchema } from '../../../server/contract/credentials.js';
import type { invitationSchema, memberPasswordResetSchema } from '../../../server/contract/invitations.js';
import type { partnerSchema } from '../../../server/contract/platform.js';
import type { meSchema, sessionSchema, workspaceSchema } from '../../../server/contract/me.js';
import type { groupMappingSchema, ssoConnectionInputSchema, ssoSettingsSchema } from '../../../server/contract/sso.js';
import type { listedRunSchema, replayStartedSchema, runDefinitionSchema, runDetailSchema, runStatusCountsSchema, stepSchema } from '../../../server/contract/runs.js';
import type { createServiceAccountBody, createdServiceAccountSchema, createdTokenSchema, serviceAccountSchema, serviceAccountTokenSchema } from '../../../server/contract/service-accounts.js';
import type { taskSchema } from '../../../server/contract/tasks.js';
import type { issuedWebhookSecretSchema, webhookTriggerSchema } from '../../../server/contract/triggers.js';
import type { brandSchema, brandingSchema, customerStatusSchema, memberSchema, partnerStaffSchema, policyViewSchema } from '../../../server/contract/tenants.js';
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
export type RunSummary = z.output<typeof listedRunSchema>;
export type RunStatusCounts = z.output<typeof runStatusCountsSchema>;
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

/* Settings (administration) and the platform operator's pages. */
export type CustomerStatus = z.output<typeof customerStatusSchema>;
export type Member = z.output<typeof memberSchema>;
export type PartnerStaff = z.output<typeof partnerStaffSchema>;
export type Invitation = z.output<typeof invitationSchema>;
/** A brand to save: `logoDataUrl` a new logo, null to remove it, left out to keep it (validated on the server, which sanitises the logo). */
export type BrandingInput = z.input<typeof brandSchema> & { logoDataUrl?: string | null };
export type Credential = z.output<typeof credentialSchema>;
export type CredentialType = Credential['type'];
/** The write-only values of a credential, per type. */
export type CredentialSecret = z.output<typeof credentialSecretSchema>;
export type AuditEntry = z.output<typeof auditEntrySchema>;
export type AuditPage = z.output<typeof auditPageSchema>;
export type AuditVerification = z.output<typeof auditVerificationSchema>;
export type Policy = z.output<typeof policyViewSchema>;
export type Partner = z.output<typeof partnerSchema>;
export type WebhookTriggerSummary = z.output<typeof webhookTriggerSchema>;
export type IssuedWebhookSecret = z.output<typeof issuedWebhookSecretSchema>;

/* Runs: a run's page, Replay with draft. */
export type RunDefinition = z.output<typeof runDefinitionSchema>;
export type ReplayStarted = z.output<typeof replayStartedSchema>;
/** An owner's password reset link for a member, as sent. */
export type MemberPasswordReset = z.output<typeof memberPasswordResetSchema>;
/** One of the signed-in person's sessions. */
export type Session = z.output<typeof sessionSchema>;
/** A partner's single sign-on settings (GET .../sso). */
export type SsoSettings = z.output<typeof ssoSettingsSchema>;
/** A partner's single sign-on connection as an owner saves it. */
export type SsoConnectionInput = z.input<typeof ssoConnectionInputSchema>;
/** One rule mapping an identity provider group to roles in a workspace. */
export type GroupMapping = z.output<typeof groupMappingSchema>;

/* Service accounts (Settings → Service accounts). */
export type ServiceAccount = z.output<typeof serviceAccountSchema>;
export type ServiceAccountToken = z.output<typeof serviceAccountTokenSchema>;
export type CreatedServiceAccount = z.output<typeof createdServiceAccountSchema>;
export type CreatedServiceAccountToken = z.output<typeof createdTokenSchema>;
export type ServiceAccountInput = z.input<typeof createServiceAccountBody>;
