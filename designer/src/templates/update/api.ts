import { useQuery } from '@tanstack/react-query';
import type { WorkflowDefinition } from '../../../../runtime/definition/index.js';
import { api } from '../../app/api-client.js';
import type { WorkflowDetail } from '../../app/api-types.js';

/** A change of the template applied to the draft without a question. */
export interface AppliedChange {
  readonly id: string;
  readonly nodeId: string | null;
  readonly nodeName: string | null;
  readonly field: string;
  readonly theirs: unknown;
}

/** A part both the template and the draft changed, differently: the person chooses. */
export interface MergeConflict {
  readonly id: string;
  readonly nodeId: string | null;
  readonly nodeName: string | null;
  readonly field: string;
  readonly base: unknown;
  readonly theirs: unknown;
  readonly mine: unknown;
}

/** What updating a cloned workflow to its template's latest version would do. */
export interface TemplateUpdate {
  readonly source: { readonly slug: string; readonly title: string; readonly version: string };
  readonly latest: { readonly version: string; readonly changelog: readonly { readonly version: string; readonly date: string; readonly changes: readonly string[] }[] };
  readonly upToDate: boolean;
  readonly revision: number;
  readonly base: WorkflowDefinition;
  readonly theirs: WorkflowDefinition;
  readonly mine: WorkflowDefinition;
  readonly applied: readonly AppliedChange[];
  readonly conflicts: readonly MergeConflict[];
}

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
