import { isRule, operatorOf } from './operators.js';

/**
 * The literal data paths a rule reads with `var` (e.g. `nodes.charge.status`, `params.limit`).
 * Paths computed by nested rules are not listed. Used to check references to nodes and params
 * before a run and to offer completions in the designer.
 */
export function collectVarPaths(rule: unknown): string[] {
  const paths: string[] = [];
  const stack: unknown[] = [rule];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      stack.push(...(value as unknown[]));
    } else if (isRule(value)) {
      const operator = operatorOf(value);
      const args = value[operator];
      if (operator === 'var') {
        const [first, ...rest] = Array.isArray(args) ? (args as unknown[]) : [args];
        if (typeof first === 'string' || typeof first === 'number') paths.push(String(first));
        else stack.push(first);
        stack.push(...rest);
      } else {
        stack.push(args);
      }
    }
  }
  return paths;
}
