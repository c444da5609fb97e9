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
