import { z } from 'zod';

/** A partner as the platform operator sees it. */
export const partnerSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  createdAt: z.string(),
  customers: z.number(),
  members: z.number(),
  suspendedAt: z.string().nullable(),
  suspensionReason: z.string().nullable(),
  signInHost: z.string().nullable(),
});
