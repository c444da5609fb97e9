import { isRule, operatorOf } from './operators.js';

/**
 * The literal data paths a rule reads with `var` (e.g. `nodes.charge.status`, `params.limit`).
 * Paths computed by nested rules are not listed. Used to check references to nodes and params
 * before a run and to offer completions in the designer. Walks without recursion and without
 * spreading arrays into calls, so a rule of any depth or length gets an answer.
 */
export function collectVarPaths(rule: unknown): string[] {
  const paths: string[] = [];
  const stack: unknown[] = [rule];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value as unknown[]) stack.push(item);
    } else if (isRule(value)) {
      const operator = operatorOf(value);
      const args = value[operator];
      if (operator === 'var') {
        const list = Array.isArray(args) ? (args as unknown[]) : [args];
        const first = list[0];
        if (typeof first === 'string' || typeof first === 'number') paths.push(String(first));
        else stack.push(first);
        for (let index = 1; index < list.length; index++) stack.push(list[index]);
      } else {
        stack.push(args);
      }
    }
  }
  return paths;
}
