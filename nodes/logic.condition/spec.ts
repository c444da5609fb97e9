import { z } from 'zod';
import { ERROR_PORT, IN_PORT, defineNodeSpec, expression, jsonValue } from '../../runtime/definition/index.js';

/** Routes its input to `true` or `false` by a json-logic rule. */
export const spec = defineNodeSpec({
  type: 'logic.condition',
  version: 1,
  title: 'Condition',
  description:
    'Sends its input on unchanged through "True" when the condition holds and through "False" otherwise. ' +
    'The condition is json-logic over { input, nodes, params, run }; json-logic truthiness applies: false, ' +
    'null, 0, "" and [] are false, everything else is true. Only the chosen branch runs.',
  category: 'logic',
  icon: 'git-branch',
  ports: {
    inputs: [IN_PORT],
    outputs: [{ name: 'true', label: 'True' }, { name: 'false', label: 'False' }, ERROR_PORT],
  },
  config: z.strictObject({
    rule: expression(jsonValue, {
      label: 'Condition',
      widget: 'jsonLogic',
      condition: true,
      help: 'json-logic, e.g. {">": [{"var": "input.total"}, 500]}. The input goes to "True" when it is truthy.',
    }),
  }),
  sideEffects: false,
});
