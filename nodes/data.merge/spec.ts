import { z } from 'zod';
import { ERROR_PORT, IN_PORT, OUT_PORT, defineNodeSpec, field } from '../../runtime/definition/index.js';

/** Combines the values arriving over several edges into one output. */
export const spec = defineNodeSpec({
  type: 'data.merge',
  version: 1,
  title: 'Merge',
  description:
    'Waits for every incoming branch that runs (branches that were not taken are skipped) and combines their ' +
    'outputs, in the order of the incoming edges. shallow: one object with the fields of every output, later ' +
    'outputs winning on equal names; every output must be an object. byNode: an object keyed by the id of the ' +
    'node each output came from. list: an array of the outputs. Run on its own (as in a test of this node ' +
    'alone), the node merges just its input: shallow gives a copy of the input, byNode { "input": <input> }, ' +
    'list [<input>].',
  category: 'data',
  icon: 'merge',
  ports: { inputs: [IN_PORT], outputs: [OUT_PORT, ERROR_PORT] },
  config: z.strictObject({
    mode: field(z.enum(['shallow', 'byNode', 'list']), {
      label: 'Combine as',
      widget: 'select',
      help: 'shallow: one object with all fields. byNode: { <node id>: output }. list: [output, ...].',
    }).default('shallow'),
  }),
  sideEffects: false,
});
