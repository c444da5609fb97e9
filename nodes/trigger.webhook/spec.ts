import { z } from 'zod';
import { OUT_PORT, defineNodeSpec, field } from '../../runtime/definition/index.js';
import { HEADER_NAME } from '../http-headers.js';

/** Largest request body a webhook may accept: 10 MiB. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** A dotted path into the request body: `id`, `order.id`, `items.0.sku`. */
const BODY_PATH = /^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/;

/** Path segments that would reach into an object's prototype rather than its data. */
const PROTOTYPE_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);

/** Starts a run for each HTTP request to the workflow's webhook URL. */
export const spec = defineNodeSpec({
  type: 'trigger.webhook',
  version: 1,
  title: 'Webhook',
  description:
    'Starts a run for each HTTP request sent to this workflow\'s webhook URL, which ends in the path below. ' +
    'The run\'s input is the parsed request body: the JSON value for a JSON body, { "text": "…" } for any other ' +
    'non-empty body, and null for an empty one (as with GET). Request details are available to expressions under run.trigger: method, query (the query ' +
    'parameters), headers (selected request headers with lowercase names; authentication headers are never ' +
    'included) and receivedAt (an ISO 8601 time). Requests must be authenticated with this trigger\'s secret, ' +
    'either by an HMAC-SHA256 signature of the timestamp and the raw body or by sending the secret as a token ' +
    'header, or by the signature scheme of Shopify, Stripe or GitHub, so those systems can call it directly. With "immediately" the request is answered with 202 and the run id as soon as the run is accepted; ' +
    'with "onCompletion" it is answered with the run\'s response (see the Respond node) when the run completes, ' +
    'or with 202 and the run id after the timeout. Senders that retry can make retries safe: a request with the ' +
    'same idempotency key as one received in the last 24 hours starts no second run and is answered with the ' +
    'first request\'s answer (with the header Idempotent-Replayed: true). The key is the value named under ' +
    '"Deduplicate retries" (a header such as X-Shopify-Webhook-Id, or a field of the body), or else the ' +
    'request\'s Idempotency-Key header.',
  category: 'trigger',
  icon: 'webhook',
  ports: { inputs: [], outputs: [OUT_PORT] },
  config: z.strictObject({
    path: field(
      z
        .string()
        .min(1)
        .max(200)
        .regex(
          /^[a-z0-9_-]+(\/[a-z0-9_-]+)*$/,
          'must contain only lowercase letters, digits, "-", "_" and "/", and may not start or end with "/" or contain "//"',
        ),
      {
        label: 'Path',
        widget: 'text',
        placeholder: 'orders/created',
        help: 'The last part of the webhook URL; unique within the tenant.',
      },
    ),
    method: field(z.enum(['POST', 'PUT', 'PATCH', 'GET']), {
      label: 'HTTP method',
      widget: 'select',
      help: 'Requests with another method are answered with 405.',
    }).default('POST'),
    auth: field(z.enum(['hmac', 'token', 'shopify', 'stripe', 'github']), {
      label: 'Authentication',
      widget: 'select',
      help:
        "hmac: the sender signs the timestamp and the raw body with HMAC-SHA256 using this trigger's secret (X-Flowgate-Signature, X-Flowgate-Timestamp). " +
        'token: the sender sends the secret itself in X-Flowgate-Token. ' +
        "shopify: Shopify's X-Shopify-Hmac-Sha256 (base64 HMAC of the raw body); retries are recognised by X-Shopify-Webhook-Id. " +
        'stripe: a Stripe-style Stripe-Signature header (t=…,v1=…), within five minutes; retries by the event id in the body. ' +
        'github: a GitHub-style X-Hub-Signature-256 (sha256=<hex HMAC of the raw body>); retries by X-GitHub-Delivery. ' +
        'Give the sender this trigger\'s secret as its signing secret. Unsigned or wrongly signed requests are answered with 401.',
    }).default('hmac'),
    respond: field(z.enum(['immediately', 'onCompletion']), {
      label: 'Respond',
      widget: 'select',
      help: 'immediately: answer 202 with the run id at once. onCompletion: wait for the run and answer with its response.',
    }).default('immediately'),
    timeoutSeconds: field(z.number().int().min(1).max(300), {
      label: 'Response timeout (seconds)',
      widget: 'number',
      help: 'How long to wait for the run before answering 202 with the run id; the run itself goes on.',
      visibleWhen: { '==': [{ var: 'respond' }, 'onCompletion'] },
    }).default(30),
    maxBodyBytes: field(z.number().int().min(1).max(MAX_BODY_BYTES), {
      label: 'Largest body (bytes)',
      widget: 'number',
      help: 'Larger requests are answered with 413 and start no run. At most 10 MiB.',
    }).default(1024 * 1024),
    dedupe: field(
      z
        .strictObject({
          header: field(z.string().max(100).regex(HEADER_NAME, 'must be an HTTP header name (letters, digits and !#$%&\'*+.^_`|~- only)'), {
            label: 'Key header',
            widget: 'text',
            placeholder: 'X-Shopify-Webhook-Id',
            help: 'The request header whose value identifies the event, the same on every retry.',
          }).optional(),
          bodyPath: field(
            z
              .string()
              .max(200)
              .regex(BODY_PATH, 'must be a dotted path of names or indexes, such as "id" or "order.id"')
              .refine((path) => !path.split('.').some((segment) => PROTOTYPE_SEGMENTS.has(segment)), 'may not name __proto__, prototype or constructor'),
            {
              label: 'Key in the body',
              widget: 'text',
              placeholder: 'id',
              help: 'The dotted path of the body field that identifies the event, such as "id" or "order.id"; it must hold a text or a number.',
            },
          ).optional(),
        })
        .refine((dedupe) => (dedupe.header === undefined) !== (dedupe.bodyPath === undefined), 'name either a key header or a key in the body, one of the two'),
      {
        label: 'Deduplicate retries',
        help:
          'Where the sender puts an id that stays the same when it retries a request. A request whose id was seen in ' +
          'the last 24 hours starts no second run and gets the first answer. A request without the id is accepted ' +
          'without deduplication.',
      },
    ).optional(),
  }),
  sideEffects: false,
});
