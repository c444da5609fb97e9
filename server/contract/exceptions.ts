import { z } from 'zod';
import { EXCEPTION_SEVERITIES } from '../../runtime/definition/exception-report.js';
import { exceptionCategorySchema } from '../../nodes/flow.raiseException/spec.js';
import { EXAMPLE_SOURCES, EXCEPTION_ORDERS, EXCEPTION_ORIGINS, EXCEPTION_STATES } from '../exceptions/exception-model.js';
import { idSchema } from './common.js';

const severitySchema = z.enum(EXCEPTION_SEVERITIES);
const stateSchema = z.enum(EXCEPTION_STATES);
const contextSchema = z.record(z.string().max(100), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]));

/** An exception as the API shows it. */
export const exceptionSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  key: z.string(),
  origin: z.enum(EXCEPTION_ORIGINS),
  category: z.string(),
  severity: severitySchema,
  title: z.string(),
  details: z.string(),
  subject: z.object({ type: z.string(), id: z.string() }).nullable(),
  owner: z.string().nullable(),
  context: contextSchema,
  state: stateSchema,
  assigneeId: z.string().nullable(),
  workflowId: z.string().nullable(),
  runId: z.string().nullable(),
  nodeId: z.string().nullable(),
  priority: z.number(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
});

/** An exception with its notes and the runs it concerns. */
export const exceptionDetailSchema = exceptionSchema.extend({
  notes: z.array(z.object({ id: z.string(), authorId: z.string(), text: z.string(), createdAt: z.string() })),
  runIds: z.array(z.string()),
});

/** The exceptions list's filters and page. */
export const exceptionListQuery = z.object({
  state: z.union([stateSchema, z.literal('unresolved')]).optional(),
  category: exceptionCategorySchema.optional(),
  severity: severitySchema.optional(),
  workflowId: idSchema.optional(),
  /** A member's id, or `me`. */
  assignee: idSchema.optional(),
  scope: z.enum(['workspace', 'customers']).default('workspace'),
  customerId: idSchema.optional(),
  order: z.enum(EXCEPTION_ORDERS).default('newest'),
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** An exception's place in the remediation queue: a whole number 0..100, highest first. */
const priorityValue = z.number().int('must be a whole number').min(0).max(100);

const noteText = z.string().trim().min(1, 'write something').max(10_000);

/** An exception a person reports by hand. */
export const reportExceptionSchema = z.strictObject({
  category: exceptionCategorySchema,
  severity: severitySchema.default('medium'),
  title: z.string().trim().min(1).max(200),
  details: z.string().max(10_000).default(''),
  subject: z.strictObject({ type: z.string().trim().min(1).max(40), id: z.string().trim().min(1).max(200) }).nullable().default(null),
  owner: z.string().trim().min(1).max(100).nullable().default(null),
  priority: priorityValue.optional(),
  context: contextSchema.refine((context) => Object.keys(context).length <= 50, 'at most 50 facts').default({}),
});

/** A person's change to an exception: its state, assignee (`me`, a member's id or null), category, severity, with a note. */
export const changeExceptionSchema = z
  .strictObject({
    state: stateSchema.optional(),
    assigneeId: idSchema.nullable().optional(),
    category: exceptionCategorySchema.optional(),
    severity: severitySchema.optional(),
    priority: priorityValue.optional(),
    note: noteText.optional(),
  })
  .refine((change) => Object.values(change).some((value) => value !== undefined), 'change the state, assignee, category, severity or priority, or add a note');

/** The same work done to several exceptions at once (assign, start, resolve or dismiss with one note). */
export const bulkChangeSchema = z.strictObject({
  ids: z.array(idSchema).min(1).max(200).refine((ids) => new Set(ids).size === ids.length, 'name each exception once'),
  change: z
    .strictObject({ state: stateSchema.optional(), assigneeId: idSchema.nullable().optional(), note: noteText.optional() })
    .refine((change) => change.state !== undefined || change.assigneeId !== undefined, 'change the state or the assignee'),
});

/** A note on an exception. */
export const exceptionNoteSchema = z.strictObject({ text: noteText });

/** A labelled text the workspace's local classifier learns from. */
export const classifierExampleSchema = z.object({
  id: z.string(),
  text: z.string(),
  category: z.string(),
  source: z.enum(EXAMPLE_SOURCES),
  createdAt: z.string(),
});

/** The classifier examples list's filters and page (oldest first). */
export const classifierExampleListQuery = z.object({
  category: exceptionCategorySchema.optional(),
  source: z.enum(EXAMPLE_SOURCES).optional(),
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** An example a person adds by hand. */
export const addClassifierExampleSchema = z.strictObject({
  text: z.string().trim().min(1, 'write the text to learn from').max(10_000),
  category: exceptionCategorySchema,
});
