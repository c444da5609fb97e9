import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { templateUpdateSchema } from '../../../../server/contract/templates.js';
import { api } from '../../app/api-client.js';
import type { WorkflowDetail } from '../../app/api-types.js';

/** What updating a cloned workflow to its template's newest version would do. */
export type TemplateUpdate = z.output<typeof templateUpdateSchema>;
/** A part both the template and the draft changed, differently: the person chooses. */
export type MergeConflict = TemplateUpdate['conflicts'][number];

/** Which side each conflict takes. */
export type Resolutions = Readonly<Record<string, 'theirs' | 'mine'>>;

const path = (tenantId: string, workflowId: string) => `/api/v1/tenants/${tenantId}/workflows/${workflowId}/template-update`;

/** The update a cloned workflow can take from its template (404 when it was not cloned from one). */
export function useTemplateUpdate(tenantId: string, workflowId: string) {
  return useQuery({ queryKey: ['template-update', tenantId, workflowId], queryFn: () => api<TemplateUpdate>('GET', path(tenantId, workflowId)), retry: false, gcTime: 0 });
}

/** Writes the merged draft: every clean change, and each conflict as resolved. */
export function applyTemplateUpdate(tenantId: string, workflowId: string, update: Pick<TemplateUpdate, 'revision'> & { version: string; resolutions: Resolutions }): Promise<WorkflowDetail> {
  return api('POST', path(tenantId, workflowId), update);
}
