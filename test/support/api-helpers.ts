import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { expect } from 'vitest';
import type { WorkflowDefinition } from '../../runtime/definition/index.js';
import type { ApiClient, ApiResponse } from './server-harness.js';

/** The one error shape of the API. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details: readonly { readonly path: string; readonly message: string }[] } & Record<string, unknown>;
}

/**
 * Asserts a refusal: the status, the code (when given) and the one error shape with a message a
 * person can act on. Returns the error for further checks.
 */
export function expectError(response: ApiResponse, status: number, code?: string): ErrorBody['error'] {
  expect(response.status, response.text).toBe(status);
  const body = response.body as ErrorBody;
  expect(Object.keys(body)).toEqual(['error']);
  expect(typeof body.error.code).toBe('string');
  expect(typeof body.error.message).toBe('string');
  expect(Array.isArray(body.error.details)).toBe(true);
  if (code !== undefined) expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(10);
  for (const detail of body.error.details) {
    expect(Object.keys(detail).sort()).toEqual(['message', 'path']);
    expect(typeof detail.path).toBe('string');
    expect(detail.message.length).toBeGreaterThan(0);
  }
  return body.error;
}

/** Asserts a success status and returns the body. */
export function expectOk<T>(response: ApiResponse<T>, status = 200): T {
  expect(response.status, response.text).toBe(status);
  return response.body;
}

/** A run as GET .../runs/:runId answers it. */
export interface RunDetail {
  readonly id: string;
  readonly workflowId: string | null;
  readonly workflowVersion: number | null;
  readonly status: 'queued' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled';
  readonly input: unknown;
  readonly output: unknown;
  readonly error: { readonly message: string; readonly code: string; readonly nodeId?: string } | null;
  readonly initiatedBy: string | null;
  readonly steps: readonly {
    readonly nodeId: string;
    readonly status: string;
    readonly attempt: number;
    readonly ports: readonly string[];
    readonly input: unknown;
    readonly output: unknown;
    readonly error: { readonly message: string; readonly code: string } | null;
  }[];
}

/** Polls a run until it reaches one of `statuses` (default: any settled or waiting status). */
export async function waitForRun(
  client: ApiClient,
  tenantId: string,
  runId: string,
  statuses: readonly RunDetail['status'][] = ['succeeded', 'failed', 'cancelled', 'waiting'],
  timeoutMs = 5000,
): Promise<RunDetail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await client.request<RunDetail>('GET', `/api/v1/tenants/${tenantId}/runs/${runId}`);
    expect(response.status, response.text).toBe(200);
    if (statuses.includes(response.body.status)) return response.body;
    if (Date.now() > deadline) throw new Error(`run ${runId} is still ${response.body.status} after ${timeoutMs} ms, expected ${statuses.join(' or ')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A workflow as the API answers it. */
export interface WorkflowDetail {
  readonly id: string;
  readonly name: string;
  readonly revision: number;
  readonly activeVersion: number | null;
  readonly archived: boolean;
  readonly draft: Record<string, unknown>;
  readonly problems: readonly { readonly code: string; readonly path: string; readonly message: string; readonly nodeId?: string }[];
}

/** Creates a workflow from a definition as `designer`; answers the detail. */
export async function createWorkflow(designer: ApiClient, tenantId: string, name: string, definition: WorkflowDefinition): Promise<WorkflowDetail> {
  return expectOk(await designer.request<WorkflowDetail>('POST', `/api/v1/tenants/${tenantId}/workflows`, { name, definition }), 201);
}

/** Saves a new draft on top of the current revision. */
export async function saveDraft(designer: ApiClient, tenantId: string, workflowId: string, definition: WorkflowDefinition): Promise<WorkflowDetail> {
  const current = expectOk(await designer.request<WorkflowDetail>('GET', `/api/v1/tenants/${tenantId}/workflows/${workflowId}`));
  return expectOk(await designer.request<WorkflowDetail>('PUT', `/api/v1/tenants/${tenantId}/workflows/${workflowId}`, { revision: current.revision, definition }));
}

/** Submits the draft as `designer`, has `approver` approve it and activate it; answers the version number. */
export async function submitApproveActivate(designer: ApiClient, approver: ApiClient, tenantId: string, workflowId: string): Promise<number> {
  const base = `/api/v1/tenants/${tenantId}/workflows/${workflowId}`;
  const { version } = expectOk(await designer.request<{ version: number }>('POST', `${base}/versions`, { note: 'for the test' }), 201);
  expect(expectOk(await approver.request<{ status: string }>('POST', `${base}/versions/${version}/approve`, { comment: 'ok' })).status).toBe('approved');
  expectOk(await approver.request('POST', `${base}/activate`, { version, reason: `go live with v${version}` }));
  return version;
}

/** Creates a workflow and makes its definition the active version 1. */
export async function activeWorkflow(designer: ApiClient, approver: ApiClient, tenantId: string, name: string, definition: WorkflowDefinition): Promise<string> {
  const { id } = await createWorkflow(designer, tenantId, name, definition);
  await submitApproveActivate(designer, approver, tenantId, id);
  return id;
}

/** A request the local HTTP server received. */
export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** A node:http server on 127.0.0.1 standing in for an outside API. */
export interface LocalHttpServer {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** Starts a local HTTP server; `handler` answers each request (its body already read). */
export async function startLocalHttpServer(handler: (request: ReceivedRequest, response: ServerResponse) => void): Promise<LocalHttpServer> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(received);
      handler(received, res);
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Answers JSON. */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}
