import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { templateDetailSchema, templateSummarySchema } from '../../../server/contract/templates.js';
import { api } from '../app/api-client.js';
import type { WorkflowDetail } from '../app/api-types.js';

/** A template as the gallery lists it. */
export type TemplateSummary = z.output<typeof templateSummarySchema>;
/** A template's page: parameters, README, definition, changelog, samples. */
export type TemplateDetail = z.output<typeof templateDetailSchema>;

const base = (tenantId: string) => `/api/v1/tenants/${tenantId}/templates`;

/** The templates the workspace can clone. */
export function useTemplates(tenantId: string) {
  return useQuery({ queryKey: ['templates', tenantId], queryFn: () => api<TemplateSummary[]>('GET', base(tenantId)) });
}

/** One template's page. */
export function useTemplate(tenantId: string, slug: string) {
  return useQuery({ queryKey: ['template', tenantId, slug], queryFn: () => api<TemplateDetail>('GET', `${base(tenantId)}/${encodeURIComponent(slug)}`) });
}

/** What a clone asks for. */
export interface CloneRequest {
  readonly name: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly credentials: Readonly<Record<string, string>>;
}

/** Clones a template into a new workflow draft. */
export function cloneTemplate(tenantId: string, slug: string, request: CloneRequest): Promise<WorkflowDetail & { template: { slug: string; version: string } }> {
  return api('POST', `${base(tenantId)}/${encodeURIComponent(slug)}/clone`, request);
}
