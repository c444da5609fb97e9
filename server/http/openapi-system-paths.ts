/**
 * The OpenAPI entries of what the server serves outside the JSON API routes: webhooks, health,
 * readiness and metrics. They are written here by hand because they are not `defineRoute` routes
 * (webhooks are served in front of Express; see docs/architecture.md).
 */

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

/** Methods a webhook trigger may be configured to accept (its `method`). */
const WEBHOOK_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function webhookOperation(method: string): Record<string, unknown> {
  return {
    summary: "Start a run of the active workflow whose webhook trigger has this path (the trigger's method only)",
    description:
      'The path may contain slashes. Authenticate with the trigger secret: `X-Flowgate-Token` (auth `token`), or ' +
      '`X-Flowgate-Timestamp` and `X-Flowgate-Signature: sha256=<hex HMAC of "<timestamp>.<raw body>">` (auth `hmac`). ' +
      'A JSON body becomes the run input; any other body `{ "text": … }`. See docs/api.md, "Call the webhook".',
    tags: ['webhooks'],
    operationId: `${method}Webhook`,
    security: [],
    parameters: [
      { name: 'tenantSlug', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'path', in: 'path', required: true, schema: { type: 'string' }, description: 'The trigger path; may contain slashes' },
      { name: 'X-Flowgate-Token', in: 'header', required: false, schema: { type: 'string' } },
      { name: 'X-Flowgate-Timestamp', in: 'header', required: false, schema: { type: 'string', pattern: '^[0-9]+$' } },
      { name: 'X-Flowgate-Signature', in: 'header', required: false, schema: { type: 'string', pattern: '^sha256=[0-9a-f]{64}$' } },
      {
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        schema: { type: 'string', minLength: 1, maxLength: 255 },
        description: "A retry with the same key within 24 hours answers the first run's answer (`Idempotent-Replayed: true`) instead of starting another run; a trigger's `dedupe` setting may name the key in the request instead",
      },
    ],
    ...(method === 'get' || method === 'delete' ? {} : { requestBody: { required: false, content: { 'application/json': { schema: {} }, '*/*': { schema: {} } } } }),
    responses: {
      '200': { description: "`respond: onCompletion`: the run's output, or what its Respond node set", content: { 'application/json': { schema: {} } } },
      '202': {
        description: '`respond: immediately`, or a run that outlasted `timeoutSeconds`: the run id (and `status: running`)',
        content: { 'application/json': { schema: { type: 'object', properties: { runId: { type: 'string' }, status: { type: 'string' } }, required: ['runId'] } } },
      },
      '400': errorResponse('A JSON content type with a body that is not JSON, or a malformed address'),
      '401': errorResponse('No, a wrong, a replayed or a stale signature; a wrong token'),
      '404': errorResponse('No active webhook at this tenant and path'),
      '405': errorResponse("Another method than the trigger's (see `Allow`)"),
      '413': errorResponse("A body larger than the trigger's `maxBodyBytes`"),
      '422': errorResponse('The run failed (`RUN_FAILED`, with `runId`), or the body is over the data limits (`RUN_REQUEST`)'),
      '429': errorResponse('The workspace has as many runs executing as it may'),
    },
  };
}

const plain = (summary: string, operationId: string, responses: Record<string, unknown>) => ({ get: { summary, operationId, tags: ['system'], security: [], parameters: [], responses } });

/** Paths of the OpenAPI document besides the API routes. */
export const SYSTEM_PATHS: Record<string, Record<string, unknown>> = {
  '/hooks/{tenantSlug}/{path}': Object.fromEntries(WEBHOOK_METHODS.map((method) => [method, webhookOperation(method)])),
  '/healthz': plain('Liveness: the process answers', 'getHealthz', {
    '200': { description: 'Alive', content: { 'application/json': { schema: { type: 'object', properties: { ok: { const: true } }, required: ['ok'] } } } },
  }),
  '/readyz': plain('Readiness: the database answers and recovery has started', 'getReadyz', {
    '200': { description: 'Ready', content: { 'application/json': { schema: { $ref: '#/components/schemas/Readiness' } } } },
    '503': { description: 'Not ready yet (starting, or shutting down)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Readiness' } } } },
  }),
  '/brand-logos/{tenantId}/{digest}': {
    get: {
      summary: "A partner's logo (public; the address changes with the logo, so it is cached for good)",
      description: 'Served with its stored type, `X-Content-Type-Options: nosniff` and `Content-Security-Policy: default-src \'none\'; style-src \'unsafe-inline\'`; SVGs were sanitised when uploaded.',
      operationId: 'getBrandLogo',
      tags: ['tenants'],
      security: [],
      parameters: [
        { name: 'tenantId', in: 'path', required: true, schema: { type: 'string' } },
        { name: 'digest', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{64}$' }, description: "SHA-256 of the logo's bytes" },
      ],
      responses: {
        '200': { description: 'The logo', content: { 'image/png': { schema: { type: 'string', format: 'binary' } }, 'image/jpeg': { schema: { type: 'string', format: 'binary' } }, 'image/svg+xml': { schema: { type: 'string' } } } },
        '404': errorResponse('No logo at this address (another logo replaced it, or there is none)'),
      },
    },
  },
  '/metrics': plain('Prometheus metrics (keep it behind your reverse proxy if it should not be public)', 'getMetrics', {
    '200': { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } },
  }),
};

/** Schemas the system paths refer to. */
export const SYSTEM_SCHEMAS: Record<string, unknown> = {
  Readiness: { type: 'object', properties: { ready: { type: 'boolean' }, database: { type: 'boolean' } }, required: ['ready', 'database'] },
};
