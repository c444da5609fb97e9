import { z } from 'zod';
import { ERROR_PORT, IN_PORT, OUT_PORT, defineNodeSpec, expression, field, jsonValue } from '../../runtime/definition/index.js';

/** Runs another workflow once per item of a list. */
export const spec = defineNodeSpec({
  type: 'flow.forEach',
  version: 1,
  title: 'For each',
  description:
    'Runs another workflow, the body, once per item of a list, with the item as that run\'s input, and ' +
    'continues on "Out" with the list of the body runs\' outputs in item order, whatever order they finish in. ' +
    'At most "Parallel runs" body runs run at a time; this run waits without using resources meanwhile. An ' +
    'empty list continues at once with []. If a body run fails, this node fails (connect "Error" to handle ' +
    'it). The body is a separate workflow so that this workflow stays free of loops, each iteration is an ' +
    'ordinary run with its own trace (linked from this run\'s trace by item index), and the same body can be ' +
    'reused by other workflows.',
  category: 'flow',
  icon: 'repeat',
  ports: { inputs: [IN_PORT], outputs: [OUT_PORT, ERROR_PORT] },
  config: z.strictObject({
    items: expression(jsonValue, {
      label: 'Items',
      help:
        'json-logic giving the list to go through, e.g. {"var": "input.lines"}. Each entry becomes the input of ' +
        'one body run. Anything but a list fails the node.',
    }),
    workflowId: field(z.string().min(1), {
      label: 'Body workflow',
      widget: 'text',
      help:
        'The workflow run once per item; its active version runs, starting at its first trigger (usually a ' +
        'Manual trigger) with the item as input. The designer will offer a picker here; until then, enter the ' +
        'workflow\'s id.',
    }),
    concurrency: field(z.number().int().min(1).max(50), {
      label: 'Parallel runs',
      widget: 'number',
      help:
        'How many body runs may run at the same time (1–50). Use 1 to handle items strictly one after another, ' +
        'or a low number for APIs with rate limits.',
    }).default(5),
    maxItems: field(z.number().int().min(1).max(10_000), {
      label: 'Most items',
      widget: 'number',
      help: 'A safety limit: a longer list fails the node instead of starting that many runs (at most 10,000).',
    }).default(1000),
  }),
  sideEffects: false,
});
