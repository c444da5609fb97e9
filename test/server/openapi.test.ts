import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { openApiPath } from '../../server/http/openapi.js';
import { apiRoutes } from '../../server/routes/index.js';
import { isErrorShape } from '../support/error-shape.js';
import { startServerHarness, type ServerHarness } from '../support/server-harness.js';

let server: ServerHarness;
let document: OpenApiDocument;

beforeAll(async () => {
  server = await startServerHarness({ demo: false });
  const response = await server.request<OpenApiDocument>('GET', '/api/v1/openapi.json');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  document = response.body;
});
afterAll(() => server.close());

interface Operation {
  operationId: string;
  summary: string;
  tags: string[];
  parameters: { name: string; in: string; required: boolean; schema: unknown }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: { $ref?: string } }> }>;
  security: unknown[];
  'x-permission'?: string;
}

interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

/** Routes served by the app that are not JSON API routes, each for a reason (health, readiness and metrics are documented by hand). */
const NON_API_ROUTES = new Set([
  'get /healthz',
  'get /readyz',
  'get /metrics',
  // Partners' logos: images, documented by hand.
  'get /brand-logos/:tenantId/:digest',
  'get /api/v1/openapi.json',
  'get /api/docs',
  'get /api/docs/start.js',
  // The designer's client-side routes (only when its built files are served).
  'get /{*rest}',
]);

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: string;
}

/** Every route registered on the Express app, as "method path", walking nested routers. */
function registeredRoutes(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: readonly Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [method, enabled] of Object.entries(layer.route.methods)) {
          if (enabled) found.push(`${method === '_all' ? 'all' : method} ${prefix}${layer.route.path}`);
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, `${prefix}${layer.rawPath && layer.rawPath !== '/' ? layer.rawPath : ''}`);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return found;
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with the error schema and both security schemes', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.title).toBe('Flowgate API');
    expect(document.info.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(document.components.schemas.Error).toMatchObject({ type: 'object', required: ['error'] });
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['bearer', 'session']);
  });

  it('has every route of apiRoutes with its method, webhooks, health, readiness and metrics, and nothing else', () => {
    const documented = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`));
    const system = [
      ...['get', 'post', 'put', 'patch', 'delete'].map((method) => `${method} /hooks/{tenantSlug}/{path}`),
      'get /healthz',
      'get /readyz',
      'get /metrics',
      'get /brand-logos/{tenantId}/{digest}',
    ];
    const expected = [...apiRoutes.map((route) => `${route.method} ${openApiPath(route.path)}`), ...system];
    expect(new Set(expected).size).toBe(expected.length);
    expect(documented.sort()).toEqual([...expected].sort());
  });

  it('covers every route the Express app registers (nothing is served outside apiRoutes unnoticed)', () => {
    const registered = registeredRoutes(createApp(server.app));
    const api = new Set(apiRoutes.map((route) => `${route.method} ${route.path}`));
    expect(registered.length).toBeGreaterThan(api.size);
    const unlisted = registered.filter((route) => !api.has(route) && !NON_API_ROUTES.has(route));
    expect(unlisted).toEqual([]);
    for (const route of api) expect(registered).toContain(route);
  });

  it('documents the webhook, health, readiness and metrics answers as the server gives them', async () => {
    const webhook = document.paths['/hooks/{tenantSlug}/{path}']?.post;
    expect(Object.keys(webhook?.responses ?? {}).sort()).toEqual(['200', '202', '400', '401', '404', '405', '413', '422', '429']);
    expect(webhook?.parameters.map((parameter) => parameter.name)).toEqual(['tenantSlug', 'path', 'X-Flowgate-Token', 'X-Flowgate-Timestamp', 'X-Flowgate-Signature', 'Idempotency-Key']);
    const unknownHook = await server.request('POST', '/hooks/nobody/nothing', {});
    expect(Object.keys(webhook?.responses ?? {})).toContain(String(unknownHook.status));
    for (const [path, status] of [['/healthz', 200], ['/readyz', 200], ['/metrics', 200]] as const) {
      const response = await server.request('GET', path);
      expect(response.status, path).toBe(status);
      expect(Object.keys(document.paths[path]?.get?.responses ?? {}), path).toContain(String(status));
    }
  });

  it('would notice a route registered outside apiRoutes', () => {
    const app = createApp(server.app);
    app.get('/api/v1/sneaky', (_req, res) => {
      res.json({});
    });
    expect(registeredRoutes(app)).toContain('get /api/v1/sneaky');
  });

  it('documents for every operation its success status and the error responses it can give', () => {
    const operationIds = new Set<string>();
    for (const route of apiRoutes) {
      const operation = document.paths[openApiPath(route.path)]?.[route.method];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      if (!operation) continue;
      const label = `${route.method} ${route.path}`;
      expect(operation.summary, label).toBe(route.summary);
      expect(operationIds.has(operation.operationId), `${label}: operationId ${operation.operationId} is unique`).toBe(false);
      operationIds.add(operation.operationId);

      const success = String(route.status ?? 200);
      expect(['200', '201', '202'], label).toContain(success);
      expect(operation.responses[success]?.content?.['application/json']?.schema, label).toBeDefined();

      const errors = ['400', '404', '409', '422', '429'];
      if (route.access.kind !== 'public' || route.path.startsWith('/api/v1/auth/login') || route.path.startsWith('/api/v1/decisions')) errors.push('401');
      if (route.access.kind === 'tenant') errors.push('403');
      if (route.body) errors.push('413', '415');
      if (route.path.startsWith('/api/v1/decisions')) errors.push('410');
      for (const status of errors) {
        expect(operation.responses[status]?.content?.['application/json']?.schema.$ref, `${label} documents ${status}`).toBe('#/components/schemas/Error');
      }

      if (route.access.kind === 'tenant') expect(operation['x-permission'], label).toBe(route.access.permission);
      expect(operation.security.length === 0, `${label}: security matches access`).toBe(route.access.kind === 'public');
      expect(Boolean(operation.requestBody), `${label}: request body`).toBe(Boolean(route.body));

      const templateParams = [...openApiPath(route.path).matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const pathParams = operation.parameters.filter((parameter) => parameter.in === 'path');
      expect(pathParams.map((parameter) => parameter.name).sort(), label).toEqual([...templateParams].sort());
      expect(pathParams.every((parameter) => parameter.required)).toBe(true);
    }
  });

  it('resolves every $ref inside the document', () => {
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"([^"]+)"/g)].map((match) => match[1] ?? '');
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of new Set(refs)) {
      expect(ref.startsWith('#/')).toBe(true);
      let target: unknown = document;
      for (const segment of ref.slice(2).split('/')) target = (target as Record<string, unknown> | undefined)?.[segment];
      expect(target, ref).toBeDefined();
    }
  });
});

describe('the API reference at /api/docs', () => {
  it('is HTML without inline script, and every asset it loads comes from the same origin', async () => {
    const page = await server.request('GET', '/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    const scriptSrc = csp.split(';').find((directive) => directive.trim().startsWith('script-src'));
    expect(scriptSrc?.trim()).toBe("script-src 'self'");

    const scripts = [...page.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, content] of scripts) {
      expect(attributes).toMatch(/\bsrc="/);
      expect(content?.trim()).toBe('');
    }
    expect(page.text).not.toMatch(/\son[a-z]+\s*=/i);

    const assets = [...page.text.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? '');
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const asset of assets) {
      expect(asset, `${asset} is a same-origin path`).toMatch(/^\/(?!\/)/);
      const response = await fetch(`${server.url}${asset}`);
      expect(response.status, asset).toBe(200);
      expect(response.headers.get('content-type'), asset).toMatch(asset.endsWith('.css') ? /^text\/css/ : /javascript/);
      const text = await response.text();
      expect(text.length, asset).toBeGreaterThan(0);
    }
  });

  it('points the reference at the OpenAPI document of this server', async () => {
    const start = await server.request('GET', '/api/docs/start.js');
    expect(start.status).toBe(200);
    expect(start.text).toContain("'/api/v1/openapi.json'");
    expect(start.text).not.toMatch(/https?:\/\//);
  });

  it('answers unknown API paths with 404 in the error shape', async () => {
    const response = await server.request('GET', '/api/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(isErrorShape(response.body), response.text).toBe(true);
    expect((response.body as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });
});
