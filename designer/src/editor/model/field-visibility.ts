import { ExpressionError, evaluateExpression, isTruthy, toPlainData, type ExpressionContext } from '../../../../runtime/expressions/index.js';

/**
 * Whether a field with this `visibleWhen` rule shows, for a node whose config (defaults filled in)
 * is `config`. The rule is json-logic over the config, run by the same hardened evaluator as
 * workflow expressions. A rule that cannot be evaluated shows the field: hiding it would hide a
 * value the user cannot then see or fix.
 */
export function isFieldVisible(visibleWhen: unknown, config: Readonly<Record<string, unknown>>): boolean {
  if (visibleWhen === undefined) return true;
  try {
    // The config is the rule's whole data (`{"var": "mode"}` reads config.mode), not a run context.
    return isTruthy(evaluateExpression(visibleWhen, toPlainData(config, 'the config') as ExpressionContext));
  } catch (error) {
    if (error instanceof ExpressionError) return true;
    throw error;
  }
}
