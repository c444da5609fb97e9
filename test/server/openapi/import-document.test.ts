import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../server/domain/domain-error.js';
import { diffOperations } from '../../../server/openapi/diff-operations.js';
import { importDocument } from '../../../server/openapi/import-document.js';
import { MAX_REF_DEPTH, RECURSIVE_MARK } from '../../../server/openapi/resolve-refs.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/openapi/${name}`, import.meta.url), 'utf8');
const petstore = fixture('petstore-3.0.yaml');
const businessCentral = fixture('business-central-3.1.json');

/** A minimal 3.1 document around `paths` and `components`. */
function document(paths: unknown, components: unknown = {}): string {
  return JSON.stringify({ openapi: '3.1.0', info: { title: 't', version: '1' }, servers: [{ url: 'https://api.example.com/v1' }], paths, components });
}

function refusal(text: string, baseUrl?: string): DomainError {
  try {
    importDocument(text, baseUrl);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('the document was accepted');
}

describe('importDocument: the Petstore 3.0 document (YAML)', () => {
  const parsed = importDocument(petstore);

  it('reads the title, the base URL and every operation in document order', () => {
    expect(parsed.openapi).toBe('3.0.3');
    expect(parsed.title).toBe('Swagger Petstore - OpenAPI 3.0');
    expect(parsed.baseUrl).toBe('https://petstore3.swagger.io/api/v3');
    expect(parsed.operations.map((operation) => `${operation.method} ${operation.path} ${operation.id}`)).toEqual([
      'PUT /pet updatePet',
      'POST /pet addPet',
      'GET /pet/findByStatus findPetsByStatus',
      'GET /pet/{petId} getPetById',
      'DELETE /pet/{petId} deletePet',
      'POST /store/order placeOrder',
      'GET /store/inventory get_store_inventory',
    ]);
  });

  it('resolves $refs in bodies and responses and keeps parameters with their schemas', () => {
    const addPet = parsed.operations.find((operation) => operation.id === 'addPet');
    expect(addPet?.body?.required).toBe(true);
    expect(addPet?.body?.schema).toMatchObject({ required: ['name', 'photoUrls'], properties: { category: { properties: { name: { type: 'string' } } } } });
    const getPet = parsed.operations.find((operation) => operation.id === 'getPetById');
    expect(getPet?.parameters).toEqual([{ name: 'petId', in: 'path', required: true, description: 'ID of pet to return', schema: { type: 'integer', format: 'int64' } }]);
    expect(getPet?.response).toMatchObject({ properties: { tags: { items: { properties: { id: { type: 'integer' } } } } } });
    const find = parsed.operations.find((operation) => operation.id === 'findPetsByStatus');
    expect(find?.parameters[0]).toMatchObject({ name: 'status', in: 'query', required: false, schema: { enum: ['available', 'pending', 'sold'] } });
    expect(parsed.operations.find((operation) => operation.id === 'deletePet')?.response).toBeNull();
  });

  it('maps the security schemes to credential types, keeping the unsupported one with why', () => {
    expect(parsed.securitySchemes).toEqual([
      { scheme: 'petstore_auth', credentialType: 'unsupported', reason: 'OAuth2 without a client-credentials flow (a workflow has no user to sign in)' },
      { scheme: 'api_key', credentialType: 'apiKey', in: 'header', name: 'api_key' },
    ]);
    expect(parsed.operations.find((operation) => operation.id === 'getPetById')?.security).toEqual(['api_key']);
    expect(parsed.operations.find((operation) => operation.id === 'placeOrder')?.security).toEqual([]);
  });

  it('takes a base URL override', () => {
    expect(importDocument(petstore, 'http://127.0.0.1:8080/api/v3/').baseUrl).toBe('http://127.0.0.1:8080/api/v3');
    expect(refusal(petstore, 'ftp://example.com').details[0]?.path).toBe('baseUrl');
  });
});

describe('importDocument: a Business-Central-like 3.1 document (JSON)', () => {
  const parsed = importDocument(businessCentral);

  it('fills server variables, merges path-level parameters and keeps OData query names', () => {
    expect(parsed.baseUrl).toBe('https://api.businesscentral.dynamics.com/v2.0/contoso.onmicrosoft.com/production/api/contoso/sales/v2.0');
    const list = parsed.operations.find((operation) => operation.id === 'listSalesOrders');
    expect(list?.parameters.map((parameter) => `${parameter.in}:${parameter.name}`)).toEqual(['path:companyId', 'query:$filter', 'query:$top']);
    expect(list?.response).toMatchObject({ properties: { value: { items: { properties: { status: { enum: ['Draft', 'In Review', 'Open', 'Released'] } } } } } });
    expect(parsed.operations.find((operation) => operation.id === 'createSalesOrder')?.response).toMatchObject({ properties: { number: { type: 'string' } } });
  });

  it('maps OAuth2 client credentials with its token URL and scopes, required by every operation', () => {
    expect(parsed.securitySchemes).toEqual([
      {
        scheme: 'oauth2',
        credentialType: 'oauth2ClientCredentials',
        tokenUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
        scopes: ['https://api.businesscentral.dynamics.com/.default'],
      },
    ]);
    expect(parsed.operations.every((operation) => operation.security.join() === 'oauth2')).toBe(true);
  });
});

describe('importDocument: references', () => {
  it('cuts a schema that refers to itself, marking where', () => {
    const parsed = importDocument(
      document(
        { '/nodes': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } } } } } },
        { schemas: { Node: { type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } } } } },
      ),
    );
    expect(parsed.operations[0]?.response).toMatchObject({
      properties: { name: { type: 'string' }, children: { items: { [RECURSIVE_MARK]: '#/components/schemas/Node' } } },
    });
  });

  it('cuts a cycle through two schemas', () => {
    const parsed = importDocument(
      document(
        { '/a': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/A' } } } } } } } },
        { schemas: { A: { properties: { b: { $ref: '#/components/schemas/B' } } }, B: { properties: { a: { $ref: '#/components/schemas/A' } } } } },
      ),
    );
    expect(parsed.operations[0]?.response).toEqual({ properties: { b: { properties: { a: { [RECURSIVE_MARK]: '#/components/schemas/A', description: 'refers to itself (#/components/schemas/A)' } } } } });
  });

  it('refuses a remote reference, naming where it is, without fetching it', () => {
    const error = refusal(document({ '/a': { get: { parameters: [{ $ref: 'https://evil.example/p.json' }], responses: {} } } }));
    expect(error.kind).toBe('invalid');
    expect(error.message).toContain('"https://evil.example/p.json" refers to another document');
    expect(error.details[0]?.path).toBe('document #/paths/~1a/get/parameters/0/$ref');
  });

  it('refuses a reference to nothing', () => {
    const error = refusal(document({ '/a': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Missing' } } } } } } } }));
    expect(error.message).toContain('"#/components/schemas/Missing" refers to nothing in the document');
  });

  it('refuses references nested deeper than the limit', () => {
    const schemas: Record<string, unknown> = {};
    for (let index = 0; index <= MAX_REF_DEPTH + 1; index++) schemas[`S${index}`] = { properties: { next: { $ref: `#/components/schemas/S${index + 1}` } } };
    schemas[`S${MAX_REF_DEPTH + 2}`] = { type: 'string' };
    const error = refusal(document({ '/a': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/S0' } } } } } } } }, { schemas }));
    expect(error.message).toContain(`nested more than ${MAX_REF_DEPTH} deep`);
  });

  it('refuses references that expand into too much', () => {
    const schemas: Record<string, unknown> = { L0: { type: 'string' } };
    for (let level = 1; level <= 20; level++) schemas[`L${level}`] = { properties: { a: { $ref: `#/components/schemas/L${level - 1}` }, b: { $ref: `#/components/schemas/L${level - 1}` } } };
    const error = refusal(document({ '/a': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/L20' } } } } } } } }, { schemas }));
    expect(error.message).toContain('expand to more than');
  });
});

describe('importDocument: refusals', () => {
  it('refuses Swagger 2.0, saying so', () => {
    const error = refusal('swagger: "2.0"\ninfo: { title: t, version: "1" }\npaths: {}\n');
    expect(error.message).toContain('Swagger 2.0 (OpenAPI 2.0) is not supported');
    expect(error.details[0]?.path).toBe('document #/swagger');
  });

  it.each([
    ['not JSON', '{ "openapi": ', 'it is not valid JSON'],
    ['not YAML', 'openapi: 3.0.0\n  bad: [', 'it is not valid YAML'],
    ['no openapi field', 'info: {}\n', 'the "openapi" field is missing'],
    ['OpenAPI 4', 'openapi: 4.0.0\n', 'OpenAPI 4.0.0 is not supported'],
    ['a custom YAML tag', 'openapi: 3.0.0\nx: !!js/function "function () {}"\n', 'YAML tag'],
    ['a list', '[1, 2]', 'it is not an object'],
    ['no operations', document({}), 'the document has no operations'],
    ['a form body', document({ '/a': { post: { requestBody: { content: { 'application/x-www-form-urlencoded': {} } }, responses: {} } } }), 'only JSON request bodies are supported'],
    ['an undeclared path parameter', document({ '/a/{id}': { get: { responses: {} } } }), 'the path has {id} but no path parameter'],
    ['an undeclared security scheme', document({ '/a': { get: { security: [{ missing: [] }], responses: {} } } }), 'security scheme "missing", which is not declared'],
    ['a relative server', JSON.stringify({ openapi: '3.0.0', servers: [{ url: '/v1' }], paths: { '/a': { get: { responses: {} } } } }), 'give the API\'s absolute address'],
  ])('refuses %s with a 422 naming what is wrong', (_name, text, message) => {
    const error = refusal(text);
    expect(error.kind).toBe('invalid');
    expect(error.message).toContain(message);
    expect(error.details[0]?.path).toMatch(/^document #/);
  });

  it('refuses a document over the size limit', () => {
    expect(refusal(`openapi: 3.0.0\nx: "${'a'.repeat(2 * 1024 * 1024)}"\n`).message).toContain('larger than 2 MiB');
  });

  it('refuses YAML aliases that expand without end', () => {
    const lines = ['openapi: 3.0.0', 'a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let index = 1; index < 12; index++) lines.push(`${String.fromCharCode(97 + index)}: &${String.fromCharCode(97 + index)} [${Array(10).fill(`*${String.fromCharCode(96 + index)}`).join(',')}]`);
    expect(refusal(lines.join('\n')).message).toContain('YAML');
  });

  it('reads YAML in flow style that starts like JSON', () => {
    expect(importDocument('{openapi: 3.0.3, servers: [{url: "https://a.example"}], paths: {/a: {get: {responses: {}}}}}').operations.map((operation) => operation.id)).toEqual(['get_a']);
  });

  it('makes ids without an operationId unique and stable', () => {
    const parsed = importDocument(document({ '/a-b': { get: { responses: {} } }, '/a_b': { get: { responses: {} } } }));
    expect(parsed.operations.map((operation) => operation.id)).toEqual(['get_a_b', 'get_a_b_2']);
  });
});

describe('diffOperations', () => {
  it('names the operations added, removed and changed, and which parts changed', () => {
    const before = importDocument(petstore).operations;
    const edited = petstore
      .replace('operationId: deletePet', 'operationId: removePet')
      .replace('required: false\n          explode: true', 'required: true\n          explode: true')
      .replace('summary: Update an existing pet', 'summary: Update a pet');
    const diff = diffOperations(before, importDocument(edited).operations);
    expect(diff).toEqual({ added: ['removePet'], removed: ['deletePet'], changed: [{ id: 'findPetsByStatus', parts: ['parameters'] }] });
  });
});
