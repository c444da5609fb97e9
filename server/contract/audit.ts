import { z } from 'zod';

/** An entry of a tenant's hash-chained audit log. */
export const auditEntrySchema = z.object({
  seq: z.number(),
  tenantId: z.string(),
  actorId: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  beforeDigest: z.string().nullable(),
  afterDigest: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  prevHash: z.string(),
  hash: z.string(),
});

/** The chain recomputed: ok up to its head, or the first broken entry and why. */
export const auditVerificationSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), entries: z.number(), head: z.object({ seq: z.number(), hash: z.string() }).nullable() }),
  z.object({ ok: z.literal(false), entries: z.number(), brokenAt: z.number(), reason: z.string() }),
]);

/** A page of the audit log (GET .../audit). */
export const auditPageSchema = z.object({
  items: z.array(auditEntrySchema),
  nextAfter: z.number().nullable(),
  /**
   * The people and service accounts behind the page's actor ids, so the log reads as names (ids of
   * removed accounts stay ids); a service account has no e-mail (empty).
   */
  actors: z.record(z.string(), z.object({ name: z.string(), email: z.string(), kind: z.enum(['person', 'service-account']) })),
});
