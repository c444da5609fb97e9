import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { brandingSchema } from '../contract/tenants.js';
import { slugSchema } from '../contract/common.js';

/**
 * The brand of the sign-in page: a partner's when the page is reached through the partner's
 * address — its slug in the URL (`/sign-in/<slug>`) or a host name the platform operator gave it —
 * otherwise none (the page is plain). Customers, suspended partners and unknown slugs all answer
 * none, alike, so the answer tells nothing about them.
 */
export const signInBrandRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/sign-in/brand',
    summary: "The brand the sign-in page shows: the partner's of `partner` (a slug) or of the host name the page was reached at; none otherwise",
    tags: ['auth'],
    access: { kind: 'public' },
    query: z.object({ partner: slugSchema.optional() }),
    response: z.object({ partner: z.object({ slug: z.string(), name: z.string() }).nullable(), branding: brandingSchema.nullable() }),
    handler: async ({ app, query, req }) => {
      const partner = await app.tenants.signInPartner(query.partner !== undefined ? { slug: query.partner } : { host: req.hostname });
      return partner ? { partner: { slug: partner.slug, name: partner.name }, branding: await app.tenants.branding(partner.id) } : { partner: null, branding: null };
    },
  }),
];
