import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { publishedTemplateSchema, publishTemplateSchema } from '../../../../server/contract/templates.js';
import { api } from '../../app/api-client.js';

/** One of the partner's published templates, as its catalog page lists it. */
export type PublishedTemplate = z.output<typeof publishedTemplateSchema>;

/** What publishing asks for. */
export type PublishRequest = z.input<typeof publishTemplateSchema>;

const base = (tenantId: string) => `/api/v1/tenants/${tenantId}`;
const catalogKey = (tenantId: string) => ['published-templates', tenantId] as const;

/** The partner's own published templates. */
export function usePublishedTemplates(tenantId: string, enabled = true) {
  return useQuery({ queryKey: catalogKey(tenantId), queryFn: () => api<PublishedTemplate[]>('GET', `${base(tenantId)}/published-templates`), enabled });
}

/** Publishing a first version or a new one, withdrawing and restoring; each refreshes the catalog and the gallery. */
export function usePublishActions(tenantId: string) {
  const client = useQueryClient();
  const onSuccess = async () => {
    await client.invalidateQueries({ queryKey: catalogKey(tenantId) });
    await client.invalidateQueries({ queryKey: ['templates', tenantId] });
  };
  return {
    publish: useMutation({ mutationFn: (request: PublishRequest) => api('POST', `${base(tenantId)}/templates`, request), onSuccess }),
    addVersion: useMutation({
      mutationFn: ({ manifest: { slug, ...manifest }, ...request }: PublishRequest) => api('POST', `${base(tenantId)}/templates/${encodeURIComponent(slug)}/versions`, { ...request, manifest }),
      onSuccess,
    }),
    withdraw: useMutation({ mutationFn: (slug: string) => api('POST', `${base(tenantId)}/templates/${encodeURIComponent(slug)}/withdraw`), onSuccess }),
    restore: useMutation({ mutationFn: (slug: string) => api('POST', `${base(tenantId)}/templates/${encodeURIComponent(slug)}/restore`), onSuccess }),
  };
}

/** The next minor version after `version` (1.2.3 → 1.3.0). */
export function nextMinor(version: string): string {
  const [major = '1', minor = '0'] = version.split('.');
  return `${major}.${Number(minor) + 1}.0`;
}

/** A slug made from a name: lowercase words joined by "-". */
export function slugOf(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}
