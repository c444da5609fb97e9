import { z } from 'zod';
import { OUT_PORT, defineNodeSpec, field } from '../../runtime/definition/index.js';

/** Starts a run by hand, from the designer or the API, with the input given there. */
export const spec = defineNodeSpec({
  type: 'trigger.manual',
  version: 1,
  title: 'Manual trigger',
  description:
    'Starts a run by hand: from the designer\'s "Run" button or from the API. The run\'s input is the ' +
    'JSON given when the run is started (in the designer, the sample input below), and it is passed on ' +
    'unchanged.',
  category: 'trigger',
  icon: 'play',
  ports: { inputs: [], outputs: [OUT_PORT] },
  config: z.strictObject({
    sampleInput: field(z.json(), {
      label: 'Sample input',
      widget: 'json',
      help: 'Used as the input of test runs started from the designer',
    }).optional(),
  }),
  sideEffects: false,
});
