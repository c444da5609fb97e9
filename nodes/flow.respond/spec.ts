import { z } from 'zod';
import { ERROR_PORT, IN_PORT, OUT_PORT, defineNodeSpec, expression, field, jsonValue } from '../../runtime/definition/index.js';
import { checkHeaderNames } from '../http-headers.js';

/** Sets the HTTP response of a webhook that waits for the run. */
export const spec = defineNodeSpec({
  type: 'flow.respond',
  version: 1,
  title: 'Respond to webhook',
  description:
    'Sets the response that a webhook trigger with "onCompletion" answers with: status, headers and body. ' +
    'Without a body, the response body is this node\'s input. The input passes on unchanged, so the run can ' +
    'go on after responding.',
  category: 'flow',
  icon: 'reply',
  ports: { inputs: [IN_PORT], outputs: [OUT_PORT, ERROR_PORT] },
  config: z
    .strictObject({
      status: expression(z.number().int().min(100).max(599), {
        label: 'Status',
        widget: 'number',
        help: 'HTTP status code, 100–599.',
      }).default(200),
      headers: field(z.record(z.string(), expression(z.string(), { widget: 'text' })), {
        label: 'Headers',
        widget: 'keyValue',
        help: 'Response headers, e.g. Content-Type.',
      }).default({}),
      body: expression(jsonValue, {
        label: 'Body',
        widget: 'jsonLogic',
        help: 'json-logic giving the response body; leave empty to respond with this node\'s input.',
      }).optional(),
    })
    .superRefine((config, ctx) => checkHeaderNames(config.headers, ['headers'], ctx)),
  sideEffects: false,
});
