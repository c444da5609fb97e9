import { z } from 'zod';
import {
  ERROR_PORT,
  IN_PORT,
  MAX_SEARCH_ATTRIBUTES,
  MAX_SEARCH_VALUE_CHARS,
  OUT_PORT,
  defineNodeSpec,
  expression,
  field,
  searchAttributeNameProblem,
} from '../../runtime/definition/index.js';

/** An attribute's value once evaluated: text, a number or a flag; null leaves the attribute unset. */
const attributeValue = z.union([z.string().max(MAX_SEARCH_VALUE_CHARS), z.number(), z.boolean()]).nullable();

/** Sets the run's business key and indexed search attributes, so the runs list and the API find it. */
export const spec = defineNodeSpec({
  type: 'flow.setSearchAttributes',
  version: 1,
  title: 'Set search attributes',
  description:
    'Makes the run findable: sets indexed search attributes (name → value, such as customer → ACME or ' +
    'total → 120.5) and, optionally, the run\'s business key (an order or invoice number). The runs list and ' +
    `the API search by them with exact matches. A run holds at most ${MAX_SEARCH_ATTRIBUTES} attributes; setting a ` +
    `name again replaces its value. Values are stored as text of at most ${MAX_SEARCH_VALUE_CHARS} characters; a value ` +
    'that evaluates to null is left unset. The input passes on unchanged.',
  category: 'flow',
  icon: 'tag',
  ports: { inputs: [IN_PORT], outputs: [OUT_PORT, ERROR_PORT] },
  config: z
    .strictObject({
      attributes: field(z.record(z.string(), expression(attributeValue, { widget: 'jsonLogic' })), {
        label: 'Attributes',
        widget: 'keyValue',
        placeholder: 'customer',
        help: 'Name → json-logic value, e.g. "customer" → {"var": "input.customer.code"}. Names: a letter, then letters, digits, "_", "." or "-".',
      }).default({}),
      businessKey: expression(z.union([z.string().min(1).max(MAX_SEARCH_VALUE_CHARS), z.number()]), {
        label: 'Business key',
        help: 'The order, invoice, ... number the run is about, e.g. {"var": "input.orderNumber"}; replaces the key the run started with.',
      }).optional(),
    })
    .superRefine((config, ctx) => {
      const names = Object.keys(config.attributes);
      if (names.length > MAX_SEARCH_ATTRIBUTES) {
        ctx.addIssue({ code: 'custom', path: ['attributes'], message: `at most ${MAX_SEARCH_ATTRIBUTES} attributes (a run holds no more)` });
      }
      for (const name of names) {
        const problem = searchAttributeNameProblem(name);
        if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['attributes', name], message: problem });
      }
    }),
  sideEffects: false,
});
