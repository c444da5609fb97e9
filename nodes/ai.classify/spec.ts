import { z } from 'zod';
import { ERROR_PORT, IN_PORT, OUT_PORT, defineNodeSpec, expression, field, jsonValue } from '../../runtime/definition/index.js';
import { httpUrlProblem } from '../connector.http/spec.js';
import { exceptionCategorySchema } from '../flow.raiseException/spec.js';

/**
 * Where a classification comes from. Each provider is one value here, its own fields below (shown
 * only when it is chosen) and one function in execute.ts's table, which the compiler makes
 * complete: a chat-model provider is one more of each.
 */
export const CLASSIFY_PROVIDERS = ['rules', 'local', 'openai'] as const;
export type ClassifyProvider = (typeof CLASSIFY_PROVIDERS)[number];

/** The output port of classifications below the threshold: a person decides. */
export const REVIEW_PORT = { name: 'review', label: 'Review' } as const;

const forRules = { visibleWhen: { '==': [{ var: 'provider' }, 'rules'] } };
const forChatModel = { visibleWhen: { '==': [{ var: 'provider' }, 'openai'] } };

const ruleSchema = z.strictObject({
  category: field(exceptionCategorySchema, { label: 'Category', widget: 'text', placeholder: 'payment-mismatch', help: 'The category when this rule matches.' }),
  when: expression(jsonValue, { label: 'When', widget: 'jsonLogic', condition: true, help: 'json-logic over the run context; the rule matches when it is truthy.' }),
  confidence: field(z.number().min(0).max(1), { label: 'Confidence', widget: 'number', help: 'How sure the rule is, 0..1 (1 when left out).' }).default(1),
});

/** Assigns a category and a confidence to its input: by ordered rules, the workspace's classifier or a chat model. */
export const spec = defineNodeSpec({
  type: 'ai.classify',
  version: 1,
  title: 'Classify',
  description:
    'Assigns a category and a confidence (0..1) to its input, an exception or any object. "rules": the first ' +
    'rule whose condition holds gives the category (none: the fallback, confidence 0). "local": the ' +
    "workspace's own text classifier, trained on its labelled examples and on people's corrections of " +
    'exception categories, reads the text. "openai": a chat model behind an OpenAI-compatible chat-completions ' +
    'endpoint (OpenAI, Azure OpenAI, a local vLLM or Ollama) picks one of your categories and says how sure it ' +
    'is, answering JSON to a strict schema; an answer outside the schema is an error (CLASSIFIER_BAD_ANSWER), an ' +
    'endpoint that fails or does not answer is one too (CLASSIFIER_UNAVAILABLE). At or above the threshold the ' +
    'input goes on through "out" with "classification": { category, confidence, provider }; below it, through ' +
    '"review", for a person to decide. With an exception id, a confident classification also sets that ' +
    "exception's category in the queue.",
  category: 'ai',
  icon: 'tags',
  ports: { inputs: [IN_PORT], outputs: [OUT_PORT, REVIEW_PORT, ERROR_PORT] },
  config: z
    .strictObject({
      provider: field(z.enum(CLASSIFY_PROVIDERS), {
        label: 'Provider',
        widget: 'select',
        help: "rules: your ordered rules. local: the workspace's classifier, trained on its examples. openai: a chat model behind an OpenAI-compatible endpoint.",
      }),
      baseUrl: field(
        z.string().refine((url) => httpUrlProblem(url) === undefined, { message: 'must be an absolute http(s) URL such as https://api.openai.com/v1' }),
        { label: 'Endpoint', widget: 'text', placeholder: 'https://api.openai.com/v1', help: 'The API\'s base URL; the step posts to its /chat/completions.', ...forChatModel },
      ).optional(),
      model: field(z.string().min(1).max(200), { label: 'Model', widget: 'text', placeholder: 'gpt-4o-mini', help: 'The model name the endpoint knows.', ...forChatModel }).optional(),
      credential: field(z.string().min(1), {
        label: 'Credential',
        widget: 'credential',
        help: 'A bearer credential holding the API key (or an API-key header credential, e.g. Azure\'s api-key), allowed for the endpoint\'s host.',
        ...forChatModel,
      }).optional(),
      categories: field(z.array(exceptionCategorySchema).min(2).max(50), {
        label: 'Categories',
        widget: 'list',
        placeholder: 'payment-mismatch',
        help: 'The categories the model chooses from (2 to 50); it can answer no other.',
        ...forChatModel,
      }).optional(),
      instructions: field(z.string().max(4000), {
        label: 'Instructions',
        widget: 'textarea',
        help: 'Optional guidance added to the model\'s instructions, e.g. what each category means.',
        ...forChatModel,
      }).optional(),
      timeoutSeconds: field(z.number().int().min(1).max(300), {
        label: 'Time-out (s)',
        widget: 'number',
        help: 'How long the model may take to answer (30 s when left empty); past it the step fails with CLASSIFIER_UNAVAILABLE.',
        ...forChatModel,
      }).optional(),
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
      exceptionId: expression(z.string().min(1).max(100), {
        label: 'Exception',
        help: 'Optional: the id of an exception in this workspace, e.g. {"var": "nodes.raise.id"}. A classification at or above the threshold sets its category.',
      }).optional(),
    })
    .superRefine((config, ctx) => {
      if (config.provider === 'rules' && config.rules === undefined) ctx.addIssue({ code: 'custom', path: ['rules'], message: 'the rules provider needs at least one rule' });
      if (config.provider !== 'rules' && config.text === undefined) ctx.addIssue({ code: 'custom', path: ['text'], message: 'say what text to classify' });
      if (config.provider === 'openai') {
        if (config.baseUrl === undefined) ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: "say where the model's endpoint is" });
        if (config.model === undefined) ctx.addIssue({ code: 'custom', path: ['model'], message: 'say which model to ask' });
        if (config.credential === undefined) ctx.addIssue({ code: 'custom', path: ['credential'], message: 'choose the credential holding the API key' });
        if (config.categories === undefined) ctx.addIssue({ code: 'custom', path: ['categories'], message: 'list the categories the model chooses from' });
        else if (new Set(config.categories).size !== config.categories.length) ctx.addIssue({ code: 'custom', path: ['categories'], message: 'each category may be listed once' });
      }
    }),
  sideEffects: false,
});
