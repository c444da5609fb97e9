/** Limits that keep one expression from exhausting the process. */
export interface ExpressionBudget {
  /** Deepest nesting of arrays and objects in a rule. */
  readonly maxDepth: number;
  /** Most values (operators, arguments, literals) in a rule. */
  readonly maxNodes: number;
  /** Longest array literal in a rule, and longest array an operator may build. */
  readonly maxArrayLength: number;
  /** Longest string `cat` may build. */
  readonly maxStringLength: number;
  /** Most evaluation steps (one per value visited, including per array item in map/filter/reduce). */
  readonly maxOperations: number;
}

/** Defaults sized for real conditions and mappings with plenty of room; see docs/expressions.md. */
export const DEFAULT_BUDGET: ExpressionBudget = Object.freeze({
  maxDepth: 64,
  maxNodes: 5_000,
  maxArrayLength: 100_000,
  maxStringLength: 1_000_000,
  maxOperations: 1_000_000,
});
