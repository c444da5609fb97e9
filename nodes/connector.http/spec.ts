import { z } from 'zod';
import { ERROR_PORT, IN_PORT, OUT_PORT, defineNodeSpec, expression, field, jsonValue } from '../../runtime/definition/index.js';
import { checkHeaderNames } from '../http-headers.js';

/** Why `url` cannot be requested, if it cannot: only absolute http(s) URLs without user info. */
export function httpUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute URL such as https://api.example.com/orders';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `must be an http: or https: URL, not ${parsed.protocol}`;
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return 'may not contain a user name or password; use a credential instead';
  }
  return undefined;
}

/** Calls an HTTP API. */
export const spec = defineNodeSpec({
  type: 'connector.http',
  version: 1,
  title: 'HTTP request',
  description:
    'Sends an HTTP request and outputs the response as { status, headers, body }: headers with lowercase ' +
    'names, and the body parsed as JSON when the response is JSON (or "Response as" is JSON), text otherwise. ' +
    'Every request carries an Idempotency-Key header that stays the same when the step is retried or resumed ' +
    'after a restart, so APIs that honour it perform the call once. A response status outside 200–299 is an ' +
    'error (408, 429 and 5xx may be retried, honouring Retry-After), as are network failures and timeouts; ' +
    'connect the Error port to handle them. Credentials are added to the request only and never appear in ' +
    'outputs, errors or logs.',
  category: 'connector',
  icon: 'globe',
  ports: { inputs: [IN_PORT], outputs: [OUT_PORT, ERROR_PORT] },
  config: z
    .strictObject({
      method: field(z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']), {
        label: 'Method',
        widget: 'select',
      }).default('GET'),
      url: expression(z.string(), {
        label: 'URL',
        widget: 'text',
        placeholder: 'https://api.example.com/orders',
        help: 'An absolute http: or https: URL. Query parameters can also be set below.',
      }),
      headers: field(z.record(z.string(), expression(z.string(), { widget: 'text' })), {
        label: 'Headers',
        widget: 'keyValue',
        help: 'Request headers. Authentication belongs in a credential, not here.',
      }).default({}),
      query: field(
        z.record(z.string(), expression(z.union([z.string(), z.number(), z.boolean()]), { widget: 'text' })),
        { label: 'Query parameters', widget: 'keyValue', help: 'Added to the URL, after any already in it.' },
      ).default({}),
      bodyType: field(z.enum(['none', 'json', 'text']), {
        label: 'Body',
        widget: 'select',
        help: 'json sends the body as JSON (Content-Type: application/json); text sends a string as it is.',
      }).default('none'),
      body: expression(jsonValue, {
        label: 'Body content',
        widget: 'jsonLogic',
        help: 'json-logic giving the body, e.g. {"var": "input"} to send the input.',
        visibleWhen: { '!=': [{ var: 'bodyType' }, 'none'] },
      }).optional(),
      credential: field(z.string().min(1), {
        label: 'Credential',
        widget: 'credential',
        help: 'A stored credential: bearer token, basic auth, API key header or API key query parameter.',
      }).optional(),
      timeoutMs: field(z.number().int().min(1).max(300_000), {
        label: 'Timeout (ms)',
        widget: 'number',
        help: 'Time allowed for the whole request, including reading the response.',
      }).default(30_000),
      responseType: field(z.enum(['auto', 'json', 'text']), {
        label: 'Response as',
        widget: 'select',
        help: 'auto: JSON when the response says it is JSON, text otherwise.',
      }).default('auto'),
    })
    .superRefine((config, ctx) => {
      const urlProblem = httpUrlProblem(config.url);
      if (urlProblem !== undefined) ctx.addIssue({ code: 'custom', path: ['url'], message: `the URL ${urlProblem}` });
      checkHeaderNames(config.headers, ['headers'], ctx);
      if (config.bodyType !== 'none' && config.body === undefined) {
        ctx.addIssue({ code: 'custom', path: ['body'], message: `a ${config.bodyType} body needs content` });
      }
      if (config.bodyType !== 'none' && (config.method === 'GET' || config.method === 'HEAD')) {
        ctx.addIssue({
          code: 'custom',
          path: ['bodyType'],
          message: `${config.method} requests cannot have a body; choose another method or no body`,
        });
      }
    }),
  sideEffects: true,
});
