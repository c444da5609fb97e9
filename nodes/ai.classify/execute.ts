import type { z } from 'zod';
import { NodeExecutionError, type NodeContext, type NodeExecute, type TextClassification } from '../../runtime/definition/index.js';
import { isTruthy } from '../../runtime/expressions/index.js';
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
};

/** Classifies, and passes the input on with its classification: through "out" when confident enough, else "review". */
export const execute: NodeExecute<Config> = async (ctx, config, input) => {
  const { category, confidence } = await providers[config.provider](ctx, config);
  const passed = input !== null && typeof input === 'object' && !Array.isArray(input) ? input : { input };
  return {
    output: { ...passed, classification: { category, confidence, provider: config.provider } },
    port: confidence >= config.threshold ? 'out' : 'review',
  };
};
