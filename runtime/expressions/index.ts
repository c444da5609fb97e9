export { DEFAULT_BUDGET, type ExpressionBudget } from './budget.js';
export { checkExpression, forbiddenSegment, type ExpressionProblem } from './check-expression.js';
export { evaluateExpression, isTruthy, type ExpressionContext } from './evaluate.js';
export { ExpressionError, describePath, type ExpressionPath } from './expression-error.js';
export { ALLOWED_OPERATORS, isRule, operatorOf } from './operators.js';
export { canonicalJson, jsonText } from './canonical-json.js';
export { checkJsonLimits, type JsonLimitBreach, type JsonLimits } from './json-limits.js';
export { MAX_DATA_DEPTH, freezeData, toPlainData, type PlainData } from './plain-data.js';
export { collectVarPaths } from './var-paths.js';
