import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { execute } from '../../nodes/connector.openapi/execute.js';
import { checkOperationConfig } from '../../nodes/connector.openapi/operation-config.js';
import type { ResolvedOperation } from '../../nodes/connector.openapi/operation.js';
import { spec } from '../../nodes/connector.openapi/spec.js';
import { NodeExecutionError, type HttpClient } from '../../runtime/definition/index.js';
import { importDocument } from '../../server/openapi/import-document.js';
import { fakeContext, thrownBy } from './fake-context.js';

const bc = importDocument(readFileSync(new URL('../fixtures/openapi/business-central-3.1.json', import.meta.url), 'utf8'), 'https://bc.example.com/api');
const pets = importDocument(readFileSync(new URL('../fixtures/openapi/petstore-3.0.yaml', import.meta.url), 'utf8'), 'https://pets.example.com/v3');

function resolved(document: typeof bc, operationId: string, connectorName = 'Contoso BC'): ResolvedOperation {
  const operation = document.operations.find((candidate) => candidate.id === operationId);
  if (!operation) throw new Error(operationId);
  return { connectorName, baseUrl: document.baseUrl, operation, securitySchemes: document.securitySchemes };
}

interface Sent {
  url: string;
  method: string;
  headers: Headers;
  body: string | undefined;
}

/** An HTTP client answering from a list, recording what was sent. */
function answering(...answers: Response[]): { http: HttpClient; sent: Sent[] } {
  const sent: Sent[] = [];
  const http: HttpClient = (url, init) => {
    sent.push({ url, method: init.method ?? 'GET', headers: new Headers(init.headers), body: typeof init.body === 'string' ? init.body : undefined });
    const answer = answers.shift();
    return answer ? Promise.resolve(answer) : Promise.reject(new Error('no more answers'));
  };
  return { http, sent };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

function context(operation: ResolvedOperation | undefined, http: HttpClient, secrets: Record<string, Record<string, string>>) {
  return { ...fakeContext({ http, secrets }), connectors: { operation: () => Promise.resolve(operation) } };
}

const config = (operationId: string, extra: Record<string, unknown> = {}) => spec.config.parse({ connectorId: 'c1', version: 1, operationId, credential: 'cred', ...extra });

describe('connector.openapi execute', () => {
  it('encodes path parameters, appends query parameters, sends the JSON body, the bearer token and the idempotency key', async () => {
    const { http, sent } = answering(json(201, { id: 'so-1' }));
    const ctx = context(resolved(bc, 'createSalesOrder'), http, { cred: { type: 'bearer', token: 'bc-token-value' } });
    const outcome = await execute(ctx, config('createSalesOrder', { params: { companyId: 'a/b c' }, body: { customerNumber: '10000' } }), null);
    expect(outcome.output).toEqual({ id: 'so-1' });
    expect(sent[0]).toMatchObject({ url: 'https://bc.example.com/api/companies(a%2Fb%20c)/salesOrders', method: 'POST', body: '{"customerNumber":"10000"}' });
    expect(sent[0]?.headers.get('authorization')).toBe('Bearer bc-token-value');
    expect(sent[0]?.headers.get('idempotency-key')).toBe('run1:node1:0');
    expect(ctx.secretDestinations).toEqual(['https://bc.example.com/api/companies(a%2Fb%20c)/salesOrders']);
  });

  it('sends OData query parameters and a list as repeated names', async () => {
    const { http, sent } = answering(json(200, { value: [] }));
    await execute(context(resolved(bc, 'listSalesOrders'), http, { cred: { type: 'bearer', token: 'bc-token-value' } }), config('listSalesOrders', { params: { companyId: 'c1', $filter: "number eq 'S 1'", $top: 2 } }), null);
    expect(new URL(sent[0]?.url ?? '').searchParams.getAll('$filter')).toEqual(["number eq 'S 1'"]);
    expect(new URL(sent[0]?.url ?? '').searchParams.get('$top')).toBe('2');
  });

  it('refreshes an OAuth2 token once after a 401', async () => {
    const { http, sent } = answering(json(401, { error: { code: 'Unauthorized', message: 'The token expired' } }), json(200, { value: [1] }));
    const tokens = ['old-token-1', 'new-token-2'];
    const refreshes: boolean[] = [];
    const ctx = {
      ...context(resolved(bc, 'listSalesOrders'), http, {}),
      secrets: {
        get: (_id: string, destination: { url: string; refresh?: boolean }) => {
          refreshes.push(destination.refresh === true);
          return Promise.resolve({ type: 'bearer', token: tokens.shift() ?? '' });
        },
      },
    };
    const outcome = await execute(ctx, config('listSalesOrders', { params: { companyId: 'c1' } }), null);
    expect(outcome.output).toEqual({ value: [1] });
    expect(refreshes).toEqual([false, true]);
    expect(sent.map((request) => request.headers.get('authorization'))).toEqual(['Bearer old-token-1', 'Bearer new-token-2']);
  });

  it('maps 429 to a retryable error honouring Retry-After, and 4xx to the API message', async () => {
    const limited = await thrownBy(() => execute(context(resolved(pets, 'getPetById', 'Pets'), answering(json(429, { message: 'slow down' }, { 'retry-after': '7' })).http, { cred: { type: 'header', name: 'api_key', value: 'pet-key-1' } }), config('getPetById', { params: { petId: 1 } }), null));
    expect(limited).toMatchObject({ code: 'API_RATE_LIMITED', retryable: true, retryAfterMs: 7000 });
    const rejected = await thrownBy(() => execute(context(resolved(pets, 'getPetById', 'Pets'), answering(json(400, { message: 'Invalid ID supplied' })).http, { cred: { type: 'header', name: 'api_key', value: 'pet-key-1' } }), config('getPetById', { params: { petId: 1 } }), null));
    expect(rejected).toMatchObject({ code: 'API_REJECTED', retryable: false, message: 'Pets answered 400 to GET /v3/pet/1: Invalid ID supplied' });
  });

  it('refuses a credential of another kind than the operation asks for, before sending anything', async () => {
    const { http, sent } = answering();
    const error = await thrownBy(() => execute(context(resolved(pets, 'getPetById', 'Pets'), http, { cred: { type: 'header', name: 'X-Other', value: 'pet-key-1' } }), config('getPetById', { params: { petId: 1 } }), null));
    expect(error).toBeInstanceOf(NodeExecutionError);
    expect(error).toMatchObject({ code: 'CREDENTIAL_INVALID', message: 'the credential "cred" is of type header (X-Other); the operation asks for an API key in the header "api_key"' });
    expect(sent).toEqual([]);
  });

  it('checks evaluated values against the operation and reports a missing operation', async () => {
    const wrong = await thrownBy(() => execute(context(resolved(bc, 'listSalesOrders'), answering().http, {}), config('listSalesOrders', { params: { companyId: 'c1', $top: 'ten' } }), null));
    expect(wrong).toMatchObject({ code: 'CONFIG', message: 'config.params.$top: Invalid input: expected number, received string (after evaluating expressions)' });
    const gone = await thrownBy(() => execute(context(undefined, answering().http, {}), config('listSalesOrders'), null));
    expect(gone).toMatchObject({ code: 'CONNECTOR_NOT_FOUND' });
  });
});

describe('checkOperationConfig', () => {
  it('leaves json-logic values to run time, and checks literals, required fields and unknown ones', () => {
    const operation = resolved(bc, 'createSalesOrder');
    expect(checkOperationConfig(operation, { connectorId: 'c', version: 1, operationId: 'createSalesOrder', credential: 'x', params: { companyId: { var: 'input.c' } }, body: { customerNumber: { var: 'input.n' } } })).toEqual([]);
    expect(checkOperationConfig(operation, { connectorId: 'c', version: 1, operationId: 'createSalesOrder', params: {}, body: { orderDate: 5, extra: 1 } })).toEqual([
      { path: ['credential'], message: 'is required' },
      { path: ['params', 'companyId'], message: 'is required' },
      { path: ['body', 'customerNumber'], message: 'is required' },
      { path: ['body', 'orderDate'], message: 'Invalid input: expected string, received number' },
      { path: ['body'], message: '"extra" is not part of the operation' },
    ]);
  });
});
