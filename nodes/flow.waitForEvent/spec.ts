import { z } from 'zod';
import { ERROR_PORT, IN_PORT, defineNodeSpec, expression, field } from '../../runtime/definition/index.js';

/** Longest wait: 365 days in seconds. */
const MAX_SECONDS = 31_536_000;

/** Pauses the run until an event with a matching correlation key arrives. */
export const spec = defineNodeSpec({
  type: 'flow.waitForEvent',
  version: 1,
  title: 'Wait for event',
  description:
    'Pauses the run until an event with this node\'s correlation key arrives, such as a payment confirmation ' +
    'or a shipment update, then continues on "Received" with the event\'s payload. With a timeout, the run ' +
    'continues on "Timeout" with this node\'s input when no event arrived in time. An event is delivered to ' +
    'the runs that are already waiting for its key when it arrives, all of them; events are not kept for runs ' +
    'that reach this node later, so an event sent too early is missed. The run uses no resources while it ' +
    'waits.',
  category: 'flow',
  icon: 'radio',
  ports: {
    inputs: [IN_PORT],
    outputs: [{ name: 'received', label: 'Received' }, { name: 'timeout', label: 'Timeout' }, ERROR_PORT],
  },
  config: z.strictObject({
    correlationKey: expression(z.string().min(1).max(500), {
      label: 'Correlation key',
      help:
        'The key the event must carry, matched exactly; json-logic such as {"cat": ["order:", {"var": "input.id"}]} ' +
        'gives "order:A-1001". Make it specific to what this run waits for, so one event does not resume ' +
        'unrelated runs. 1–500 characters.',
    }),
    timeoutSeconds: field(z.number().int().min(1).max(MAX_SECONDS), {
      label: 'Timeout (seconds)',
      widget: 'number',
      placeholder: '86400',
      help: 'How long to wait before continuing on "Timeout", at most 365 days. Empty: wait until the event arrives.',
    }).optional(),
  }),
  sideEffects: false,
});
