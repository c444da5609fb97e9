import { createHmac } from 'node:crypto';
import type { WorkflowDefinition } from '../../runtime/definition/index.js';
import type { ApiClient } from './server-harness.js';

/** What a governed workflow needs: someone who designs and submits, someone else who approves and activates. */
export interface Governance {
  readonly tenantId: string;
  readonly designer: ApiClient;
  readonly approver: ApiClient;
}

function expectStatus(what: string, response: { status: number; text: string }, status: number): void {
  if (response.status !== status) throw new Error(`${what}: expected ${status}, got ${response.status} ${response.text}`);
}

/**
 * Takes a definition through the whole governance path over the API: create (designer), submit
 * version 1 (designer), approve (approver), activate (approver). Returns the workflow id.
 */
export async function createActiveWorkflow(governance: Governance, name: string, definition: WorkflowDefinition): Promise<string> {
  const { tenantId, designer, approver } = governance;
  const base = `/api/v1/tenants/${tenantId}/workflows`;
  const created = await designer.request<{ id: string; problems: unknown[] }>('POST', base, { name, definition });
  expectStatus(`create ${name}`, created, 201);
  if (created.body.problems.length > 0) throw new Error(`${name} has problems: ${JSON.stringify(created.body.problems)}`);
  const workflowId = created.body.id;
  const submitted = await designer.request<{ version: number }>('POST', `${base}/${workflowId}/versions`, { note: 'first version' });
  expectStatus(`submit ${name}`, submitted, 201);
  expectStatus(`approve ${name}`, await approver.request('POST', `${base}/${workflowId}/versions/${submitted.body.version}/approve`, { comment: 'ok' }), 200);
  await activate(governance, workflowId, submitted.body.version, 200);
  return workflowId;
}

/** Activates a version and checks the status (409 for a clash of webhook paths). */
export async function activate(governance: Governance, workflowId: string, version: number, status: number): Promise<{ status: number; body: unknown }> {
  const response = await governance.approver.request('POST', `/api/v1/tenants/${governance.tenantId}/workflows/${workflowId}/activate`, { version, reason: 'go live' });
  expectStatus(`activate ${workflowId} v${version}`, response, status);
  return response;
}

/** Issues a new secret for a webhook trigger (the designer may, as a workflow writer) and returns it. */
export async function rotateSecret(governance: Governance, workflowId: string, nodeId: string): Promise<string> {
  const response = await governance.designer.request<{ secret: string }>('POST', `/api/v1/tenants/${governance.tenantId}/workflows/${workflowId}/triggers/${nodeId}/secret`);
  expectStatus(`rotate the secret of ${workflowId}/${nodeId}`, response, 200);
  return response.body.secret;
}

/** Headers of an HMAC-signed webhook request: `sha256=` + hex HMAC-SHA256 of `<timestamp>.<raw body>`. */
export function signedHeaders(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return { 'content-type': 'application/json', 'x-flowgate-timestamp': String(timestamp), 'x-flowgate-signature': `sha256=${signature}` };
}
