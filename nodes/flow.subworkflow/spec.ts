import { z } from 'zod';
import { ERROR_PORT, IN_PORT, OUT_PORT, defineNodeSpec, expression, field, jsonValue } from '../../runtime/definition/index.js';

/** Runs another workflow and continues with its output. */
export const spec = defineNodeSpec({
  type: 'flow.subworkflow',
  version: 1,
  title: 'Run workflow',
  description:
    'Runs the active version of another workflow as a child run, waits for it to finish and continues on ' +
    '"Out" with the child run\'s output. The child\'s input is this node\'s input, or the value of "Input" ' +
    'when set. The child is an ordinary run with its own trace, linked from this run\'s trace. If the child ' +
    'run fails, this node fails (connect "Error" to handle it). Use it to share steps between workflows.',
  category: 'flow',
  icon: 'workflow',
  ports: { inputs: [IN_PORT], outputs: [OUT_PORT, ERROR_PORT] },
  config: z.strictObject({
    workflowId: field(z.string().min(1), {
      label: 'Workflow',
      widget: 'text',
      help:
        'The workflow to run; its active version runs, starting at its first trigger (usually a Manual ' +
        'trigger). The designer will offer a picker here; until then, enter the workflow\'s id.',
    }),
    input: expression(jsonValue, {
      label: 'Input',
      help: 'json-logic giving the child run\'s input, e.g. {"var": "input.customer"}. Empty: this node\'s input.',
    }).optional(),
  }),
  sideEffects: false,
});
