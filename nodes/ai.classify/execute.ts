import type { z } from 'zod';
import { NodeExecutionError, type ClassifiedException, type NodeContext, type NodeExecute, type TextClassification } from '../../runtime/definition/index.js';
import { isTruthy } from '../../runtime/expressions/index.js';
import { classifyWithChatModel } from './chat-model-execute.js';
import type { ClassifyProvider, spec } from './spec.js';

type Config = z.output<typeof spec.config>;

/** One way of classifying; every provider of the spec has one (the compiler checks). */
const providers: Record<ClassifyProvider, (ctx: NodeContext, config: Config) => Promise<TextClassification>> = {
  // The engine has evaluated every rule's condition.
  rules: (_ctx, config) => {
    const match = (config.rules ?? []).find((rule) => isTruthy(rule.when));
    return Promise.resolve(match ? { category: match.category, confidence: match.confidence } : { category: config.fallback, confidence: 0 });
  },
  local: (ctx, config) => {
    if (ctx.classifier === undefined) throw new NodeExecutionError('no text classifier is offered where this workflow runs', { code: 'CLASSIFIER_UNAVAILABLE' });
    return ctx.classifier.classify(config.text ?? '');
  },
  // The spec requires every one of these fields for this provider.
  openai: (ctx, config) =>
    classifyWithChatModel(ctx, {
      baseUrl: config.baseUrl ?? '',
      model: config.model ?? '',
      credential: config.credential ?? '',
      categories: config.categories ?? [],
      text: config.text ?? '',
      ...(config.instructions === undefined ? {} : { instructions: config.instructions }),
      ...(config.timeoutSeconds === undefined ? {} : { timeoutSeconds: config.timeoutSeconds }),
    }),
};

/** Sets the category of the workspace's exception `exceptionId` to a confident classification. */
async function classifyException(ctx: NodeContext, exceptionId: string, classification: TextClassification & { provider: string }): Promise<ClassifiedException> {
  if (ctx.exceptions === undefined) throw new NodeExecutionError('no exceptions are recorded where this workflow runs', { code: 'EXCEPTIONS_UNAVAILABLE' });
  return ctx.exceptions.classify(exceptionId, classification);
}

/**
 * Classifies, and passes the input on with its classification: through "out" when confident
 * enough, else "review". A confident classification also sets the category of the exception the
 * config names, if it names one.
 */
export const execute: NodeExecute<Config> = async (ctx, config, input) => {
  const { category, confidence } = await providers[config.provider](ctx, config);
  const passed = input !== null && typeof input === 'object' && !Array.isArray(input) ? input : { input };
  const confident = confidence >= config.threshold;
  const classification = { category, confidence, provider: config.provider };
  const exception = confident && config.exceptionId !== undefined ? await classifyException(ctx, config.exceptionId, classification) : undefined;
  return {
    output: { ...passed, classification: { ...classification, ...(exception === undefined ? {} : { exception }) } },
    port: confident ? 'out' : 'review',
  };
};
