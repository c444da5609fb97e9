import { z } from 'zod';
import { errorBodySchema } from './error-body.js';
import { SYSTEM_PATHS, SYSTEM_SCHEMAS } from './openapi-system-paths.js';
import type { RouteDefinition } from './route.js';

/** `/api/v1/tenants/:tenantId` → `/api/v1/tenants/{tenantId}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const json: Record<string, unknown> = { ...z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) };
  delete json.$schema;
  // A schema with a meta id comes out as `{ $ref: '#/$defs/<id>', $defs: { <id>: … } }`; inside the
  // OpenAPI document that `#/…` would point at the document's root, so the definition is hoisted.
  const defs = json.$defs as Record<string, Record<string, unknown>> | undefined;
  const ref = typeof json.$ref === 'string' && json.$ref.startsWith('#/$defs/') ? json.$ref.slice('#/$defs/'.length) : undefined;
  if (defs && ref !== undefined && defs[ref] && Object.keys(defs).length === 1) return defs[ref];
  return json;
}

function parameters(schema: z.ZodType | undefined, location: 'path' | 'query' | 'header'): Record<string, unknown>[] {
  if (!schema) return [];
  const json = schemaOf(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

const ERROR_STATUSES: Record<string, string> = {
  '400': 'The request is malformed',
  '401': 'Not signed in',
  '403': 'Not allowed for your role',
  '404': 'Not found (or not yours)',
  '409': 'Conflicts with the current state',
  '413': 'Body too large',
  '422': 'Not acceptable in the current state',
  '429': 'Too many requests',
};

/** The OpenAPI 3.1 document of the API, generated from the route definitions' zod schemas, with webhooks, health, readiness and metrics. */
export function openApiDocument(routes: readonly RouteDefinition[], info: { title: string; version: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const operation: Record<string, unknown> = {
      summary: route.summary,
      tags: route.tags,
      operationId: `${route.method}${openApiPath(route.path).replace(/[^A-Za-z0-9]+(.)?/g, (_match, next: string | undefined) => (next ?? '').toUpperCase())}`,
      parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query'), ...parameters(route.headers, 'header')],
      responses: {
        [String(route.status ?? 200)]: { description: 'Success', content: { 'application/json': { schema: schemaOf(route.response, 'output') } } },
        ...Object.fromEntries(
          Object.entries({ ...ERROR_STATUSES, ...(route.body ? { '415': 'The body is not JSON' } : {}), ...route.errors }).map(([status, description]) => [
            status,
            { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
          ]),
        ),
      },
      security: route.access.kind === 'public' ? [] : [{ bearer: [] }, { session: [] }],
      ...(route.access.kind === 'tenant' ? { 'x-permission': route.access.permission } : {}),
      ...(route.access.kind === 'platform' ? { 'x-platform-operator': true } : {}),
    };
    if (route.body) operation.requestBody = { required: true, content: { 'application/json': { schema: schemaOf(route.body, 'input') } } };
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operation };
  }
  return {
    openapi: '3.1.0',
    info: { ...info, description: 'Flowgate API. Every error answers `{ "error": { "code", "message", "details": [{ "path", "message" }] } }`.' },
    servers: [{ url: '/' }],
    paths: { ...paths, ...SYSTEM_PATHS },
    components: {
      schemas: { Error: schemaOf(errorBodySchema, 'output'), ...SYSTEM_SCHEMAS },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A session token from POST /api/v1/auth/login, a personal API token, or a service account token (fgsa_…, tenant routes within its scopes only)' },
        session: { type: 'apiKey', in: 'cookie', name: 'fg_session', description: 'The HttpOnly session cookie; changes need X-CSRF-Token' },
      },
    },
  };
}
