import { z } from 'zod';
import { PLATFORM_EVENT_TYPES } from '../../runtime/definition/platform-events.js';

/**
 * Event subscriptions: HTTPS endpoints a workspace subscribes to platform events, and their signed
 * deliveries. Browser-safe (zod only): the server validates and documents with these schemas, the
 * designer takes its types and limits from them.
 */

/** A workspace has at most this many subscriptions. */
export const MAX_SUBSCRIPTIONS_PER_WORKSPACE = 20;

/** Attempts of one delivery before it is given up as failed. */
export const MAX_DELIVERY_ATTEMPTS = 6;

/** The wait after each failed attempt (30 s, 2 min, 10 min, 1 h, 6 h); the sixth failure is final. */
export const RETRY_DELAYS_MS: readonly number[] = [30_000, 120_000, 600_000, 3_600_000, 21_600_000];

/** The type of the test event `POST …/ping` sends; never raised by the platform itself. */
export const PING_EVENT_TYPE = 'ping';

export const DELIVERY_STATES = ['pending', 'delivered', 'failed'] as const;

const eventTypeSchema = z.enum(PLATFORM_EVENT_TYPES, { error: (issue) => `"${String(issue.input)}" is no platform event type; use one of ${PLATFORM_EVENT_TYPES.join(', ')}` });

/** The events a subscription receives: at least one, each once. */
const eventTypesSchema = z
  .array(eventTypeSchema)
  .min(1, 'choose at least one event')
  .max(PLATFORM_EVENT_TYPES.length)
  .refine((types) => new Set(types).size === types.length, 'list each event once');

/** Where deliveries are posted: an absolute https:// URL (the server checks the scheme, as its configuration allows). */
const urlSchema = z
  .string()
  .trim()
  .max(2000)
  .refine((text) => URL.canParse(text), 'enter an absolute URL such as https://example.com/flowgate-events');
const descriptionSchema = z.string().trim().max(500);

/** A subscription as the API shows it: never its secret. */
export const eventSubscriptionSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  url: z.string(),
  events: z.array(eventTypeSchema),
  /** A partner's subscription that receives its customers' events too. */
  includeCustomers: z.boolean(),
  enabled: z.boolean(),
  description: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
});

/** The one answer that carries the signing secret: creation and rotation. */
export const issuedSubscriptionSecretSchema = z.object({
  subscription: eventSubscriptionSchema,
  /** The HMAC-SHA256 signing secret, shown this once. */
  secret: z.string(),
});

export const createEventSubscriptionBody = z.strictObject({
  url: urlSchema,
  events: eventTypesSchema,
  description: descriptionSchema.default(''),
  enabled: z.boolean().default(true),
  includeCustomers: z.boolean().default(false),
});

export const updateEventSubscriptionBody = z
  .strictObject({ url: urlSchema, events: eventTypesSchema, description: descriptionSchema, enabled: z.boolean(), includeCustomers: z.boolean() })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'change at least one of url, events, description, enabled, includeCustomers');

/** One try of a delivery. */
export const deliveryAttemptSchema = z.object({
  attempt: z.number(),
  at: z.string(),
  /** The endpoint's HTTP status; null when no answer came (network error, refusal, time-out). */
  statusCode: z.number().nullable(),
  /** Why the attempt failed; null for a 2xx answer. */
  error: z.string().nullable(),
  durationMs: z.number(),
});

/** One event on its way to one subscription, with its attempts. */
export const eventDeliverySchema = z.object({
  id: z.string(),
  subscriptionId: z.string(),
  /** The workspace the event happened in (a customer's, for a partner's subscription). */
  tenantId: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  /** The JSON body posted. */
  payload: z.record(z.string(), z.unknown()),
  state: z.enum(DELIVERY_STATES),
  attempts: z.array(deliveryAttemptSchema),
  /** When the next attempt is due (pending deliveries). */
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});

export const deliveryListQuery = z.object({
  state: z.enum(DELIVERY_STATES).optional(),
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
