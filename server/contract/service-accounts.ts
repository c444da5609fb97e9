import { z } from 'zod';
import type { Permission } from './permissions.js';
import { idSchema } from './common.js';

/**
 * Service accounts: non-person callers for integrations (CI, ERP connectors, schedulers).
 * Browser-safe (zod only): the server validates and documents with these schemas, the designer
 * takes its types and labels from them.
 */

/**
 * The permissions a service account may hold. Machines read workflows and runs, start runs and
 * cancel or retry them; they never administer people, roles, brands or policies, never edit,
 * submit, review or activate versions (sign-off stays with people), and never see or decide
 * approval tasks.
 */
export const SERVICE_ACCOUNT_SCOPES = ['workflow.read', 'run.read', 'run.start', 'run.manage'] as const satisfies readonly Permission[];

/** One permission a service account may hold. */
export type ServiceAccountScope = (typeof SERVICE_ACCOUNT_SCOPES)[number];

/** What each scope lets an integration do, as the designer labels its checkboxes. */
export const SERVICE_ACCOUNT_SCOPE_LABELS: Readonly<Record<ServiceAccountScope, string>> = {
  'workflow.read': 'See workflows and their versions',
  'run.read': 'See runs and their data',
  'run.start': 'Start runs',
  'run.manage': 'Cancel and retry runs, send events to waiting runs',
};

/** A token lives at most this many days; expiry is required. */
export const MAX_TOKEN_DAYS = 365;

/** The token lifetimes the designer offers. */
export const TOKEN_DAY_CHOICES = [30, 90, 365] as const;

/** A service account has at most this many live tokens (two are enough to rotate without downtime). */
export const MAX_TOKENS_PER_ACCOUNT = 10;

export const serviceAccountScopeSchema = z.enum(SERVICE_ACCOUNT_SCOPES);
const scopesSchema = z
  .array(serviceAccountScopeSchema)
  .min(1, 'choose at least one permission')
  .max(SERVICE_ACCOUNT_SCOPES.length)
  .refine((scopes) => new Set(scopes).size === scopes.length, 'list each permission once');
/** The workflows it may see and run: `null` for all of the workspace's, or a list of workflow ids. */
const workflowIdsSchema = z
  .array(idSchema)
  .min(1, 'choose at least one workflow, or null for all')
  .max(200)
  .refine((ids) => new Set(ids).size === ids.length, 'list each workflow once')
  .nullable();
const nameSchema = z.string().trim().min(1, 'enter a name').max(100);
const descriptionSchema = z.string().trim().max(500);
export const expiresInDaysSchema = z.number().int().min(1).max(MAX_TOKEN_DAYS);

/** A token as listed: never its value, only the last characters to tell tokens apart. */
export const serviceAccountTokenSchema = z.object({
  id: z.string(),
  /** The token's last four characters. */
  hint: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  lastUsedAt: z.string().nullable(),
  /** Whether it still authenticates (not revoked, not expired). */
  status: z.enum(['active', 'expired']),
});

/** A service account as listed. */
export const serviceAccountSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  scopes: z.array(serviceAccountScopeSchema),
  /** `null`: every workflow of the workspace. */
  workflows: z.array(z.object({ id: z.string(), name: z.string() })).nullable(),
  disabled: z.boolean(),
  createdAt: z.string(),
  /** Live tokens (revoked ones are gone from the list; expired ones stay, marked, until revoked). */
  tokens: z.array(serviceAccountTokenSchema),
  /** The most recent use of any of its tokens, revoked ones included. */
  lastUsedAt: z.string().nullable(),
});

/** The one answer that carries a token's value: shown once, never again. */
export const createdTokenSchema = serviceAccountTokenSchema.extend({ token: z.string() });

export const createServiceAccountBody = z.object({
  name: nameSchema,
  description: descriptionSchema.default(''),
  scopes: scopesSchema,
  workflowIds: workflowIdsSchema,
  expiresInDays: expiresInDaysSchema,
});

export const updateServiceAccountBody = z
  .object({ name: nameSchema, description: descriptionSchema, scopes: scopesSchema, workflowIds: workflowIdsSchema })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'change at least one of name, description, scopes, workflowIds');

export const createTokenBody = z.object({ expiresInDays: expiresInDaysSchema });

export const createdServiceAccountSchema = z.object({ account: serviceAccountSchema, token: createdTokenSchema });
