import { z } from 'zod';
import { ERROR_PORT, IN_PORT, OUT_PORT, defineNodeSpec, expression, field, jsonValue } from '../../runtime/definition/index.js';
import { exceptionCategorySchema } from '../flow.raiseException/spec.js';

/**
 * Where a classification comes from. Each provider is one value here, its own fields below (shown
 * only when it is chosen) and one function in execute.ts's table, which the compiler makes
 * complete: a chat-model provider is one more of each.
 */
export const CLASSIFY_PROVIDERS = ['rules', 'local'] as const;
export type ClassifyProvider = (typeof CLASSIFY_PROVIDERS)[number];

/** The output port of classifications below the threshold: a person decides. */
export const REVIEW_PORT = { name: 'review', label: 'Review' } as const;

const forRules = { visibleWhen: { '==': [{ var: 'provider' }, 'rules'] } };

const ruleSchema = z.strictObject({
  category: field(exceptionCategorySchema, { label: 'Category', widget: 'text', placeholder: 'payment-mismatch', help: 'The category when this rule matches.' }),
  when: expression(jsonValue, { label: 'When', widget: 'jsonLogic', condition: true, help: 'json-logic over the run context; the rule matches when it is truthy.' }),
  confidence: field(z.number().min(0).max(1), { label: 'Confidence', widget: 'number', help: 'How sure the rule is, 0..1 (1 when left out).' }).default(1),
});

/** Assigns a category and a confidence to its input: by ordered rules, or by the workspace's classifier. */
export const spec = defineNodeSpec({
  type: 'ai.classify',
  version: 1,
  title: 'Classify',
  description:
    'Assigns a category and a confidence (0..1) to its input, an exception or any object. "rules": the first ' +
    'rule whose condition holds gives the category (none: the fallback, confidence 0). "local": the ' +
    "workspace's own text classifier, trained on its labelled examples and on people's corrections of " +
    'exception categories, reads the text. At or above the threshold the input goes on through "out" with ' +
    '"classification": { category, confidence, provider }; below it, through "review", for a person to decide.',
  category: 'ai',
  icon: 'tags',
  ports: { inputs: [IN_PORT], outputs: [OUT_PORT, REVIEW_PORT, ERROR_PORT] },
  config: z
    .strictObject({
      provider: field(z.enum(CLASSIFY_PROVIDERS), {
        label: 'Provider',
        widget: 'select',
        help: "rules: your ordered rules. local: the workspace's classifier, trained on its examples.",
      }),
      text: expression(z.string().max(20_000), {
        label: 'Text',
        help: 'What to classify, e.g. {"cat": [{"var": "input.title"}, " ", {"var": "input.details"}]}.',
        visibleWhen: { '!=': [{ var: 'provider' }, 'rules'] },
      }).optional(),
      rules: field(z.array(ruleSchema).min(1).max(50), { label: 'Rules', widget: 'list', help: 'Checked in order; the first that matches wins.', ...forRules }).optional(),
      fallback: field(exceptionCategorySchema, { label: 'Fallback', widget: 'text', help: 'The category when no rule matches (confidence 0).', ...forRules }).default('unclassified'),
      threshold: field(z.number().min(0).max(1), {
        label: 'Threshold',
        widget: 'number',
        help: 'Classifications at least this confident go through "out"; the others through "review".',
      }).default(0.6),
    })
    .superRefine((config, ctx) => {
      if (config.provider === 'rules' && config.rules === undefined) ctx.addIssue({ code: 'custom', path: ['rules'], message: 'the rules provider needs at least one rule' });
      if (config.provider === 'local' && config.text === undefined) ctx.addIssue({ code: 'custom', path: ['text'], message: 'say what text to classify' });
    }),
  sideEffects: false,
});
