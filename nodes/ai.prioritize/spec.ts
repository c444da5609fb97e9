import { z } from 'zod';
import { ERROR_PORT, IN_PORT, OUT_PORT, defineNodeSpec, expression, field, jsonValue } from '../../runtime/definition/index.js';

const factorSchema = z.strictObject({
  name: field(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must start with a letter or "_" and contain only letters, digits and "_" (at most 64 characters)'), {
    label: 'Name',
    widget: 'text',
    placeholder: 'orderValue',
    help: 'Names the factor in the output.',
  }),
  value: expression(jsonValue, { label: 'Value', help: 'json-logic giving a number, e.g. {"/": [{"var": "input.total"}, 100]}.' }),
  weight: field(z.number().finite(), { label: 'Weight', widget: 'number', help: 'What the value counts for (1 when left out; negative lowers the score).' }).default(1),
});

/** Scores its input from weighted factors. */
export const spec = defineNodeSpec({
  type: 'ai.prioritize',
  version: 1,
  title: 'Prioritise',
  description:
    'Scores its input, an exception or any object, as the sum of weight × value over its factors, each value ' +
    'an expression giving a number, kept within the scale (0..100 unless set). The input goes on with ' +
    '"priority": { score, factors: { <name>: { value, weight, contribution } } }, so later steps can route or ' +
    'sort by it.',
  category: 'ai',
  icon: 'gauge',
  ports: { inputs: [IN_PORT], outputs: [OUT_PORT, ERROR_PORT] },
  config: z
    .strictObject({
      factors: field(z.array(factorSchema).min(1).max(20), { label: 'Factors', widget: 'list', help: 'Up to 20; names must be unique.' }),
      scale: field(
        z.strictObject({
          min: field(z.number().finite(), { label: 'Lowest', widget: 'number' }),
          max: field(z.number().finite(), { label: 'Highest', widget: 'number' }),
        }),
        { label: 'Scale', help: 'The score is kept within it.' },
      ).default({ min: 0, max: 100 }),
    })
    .superRefine((config, ctx) => {
      const seen = new Set<string>();
      config.factors.forEach((factor, index) => {
        if (seen.has(factor.name)) ctx.addIssue({ code: 'custom', path: ['factors', index, 'name'], message: `"${factor.name}" names an earlier factor; names must be unique` });
        seen.add(factor.name);
      });
      if (config.scale.min > config.scale.max) ctx.addIssue({ code: 'custom', path: ['scale', 'max'], message: 'must not be below the lowest score' });
    }),
  sideEffects: false,
});
