import { z } from 'zod';
import { ERROR_PORT, IN_PORT, OUT_PORT, defineNodeSpec, expression, field, jsonValue } from '../../runtime/definition/index.js';
import { forbiddenSegment } from '../../runtime/expressions/index.js';

/** Builds a new object from json-logic mappings, one per output path. */
export const spec = defineNodeSpec({
  type: 'data.transform',
  version: 1,
  title: 'Transform',
  description:
    'Builds its output object field by field. Each field maps an output path to a json-logic value over ' +
    '{ input, nodes, params, run }. Dotted paths build nested objects: "customer.email" sets email inside ' +
    'customer, and sits alongside "customer.name". Shorter paths are set first, so "customer" may give an ' +
    'object that "customer.email" then adds to; a dotted path through a field set to anything but an object ' +
    'is an error. With "Keep input", the output starts from a copy of the input (when the input is an object) ' +
    'and the fields are set over it, replacing what was there.',
  category: 'data',
  icon: 'wand-sparkles',
  ports: { inputs: [IN_PORT], outputs: [OUT_PORT, ERROR_PORT] },
  config: z
    .strictObject({
      fields: field(z.record(z.string(), expression(jsonValue, { widget: 'jsonLogic' })), {
        label: 'Fields',
        widget: 'keyValue',
        placeholder: 'customer.email',
        help: 'Output path → json-logic value, e.g. "total" → {"*": [{"var": "input.price"}, {"var": "input.qty"}]}.',
      }),
      keepInput: field(z.boolean(), {
        label: 'Keep input',
        widget: 'switch',
        help: 'Start from the input object and set the fields over it, instead of starting from an empty object.',
      }).default(false),
    })
    .superRefine((config, ctx) => {
      for (const path of Object.keys(config.fields)) {
        const problem = outputPathProblem(path);
        if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['fields', path], message: problem });
      }
    }),
  sideEffects: false,
});

/** Why `path` cannot name an output field, if it cannot. */
function outputPathProblem(path: string): string | undefined {
  if (path === '') return 'the output path is empty';
  if (path.split('.').includes('')) {
    return `the output path "${path}" has an empty segment; use dots only between names, as in "customer.email"`;
  }
  const forbidden = forbiddenSegment(path);
  if (forbidden !== undefined) return `the output path "${path}" uses "${forbidden}", which is not allowed`;
  return undefined;
}
