/** Limits that keep one expression from exhausting the process. */
export interface ExpressionBudget {
  /** Deepest nesting of arrays and objects in a rule. */
  readonly maxDepth: number;
  /** Most values (operators, arguments, literals) in a rule. */
  readonly maxNodes: number;
  /** Longest array literal in a rule, and longest array `merge` may build. */
  readonly maxArrayLength: number;
  /** Longest string `cat` may build. */
  readonly maxStringLength: number;
  /**
   * Most evaluation steps: one per value evaluated (so one per array item in map/filter/reduce),
   * plus one per array item and per 100 characters of text that `var` reads or `merge`/`cat` build,
   * because operators copy, compare, search or stringify those at a cost that grows with their size.
   */
  readonly maxOperations: number;
  /**
   * Largest result an expression may build, in values plus string characters, counting a shared
   * part each time it appears (as JSON would). A result passed through from the context as is
   * is not counted.
   */
  readonly maxResultSize: number;
}

/** Defaults sized for real conditions and mappings with plenty of room; see docs/expressions.md. */
export const DEFAULT_BUDGET: ExpressionBudget = Object.freeze({
  maxDepth: 64,
  maxNodes: 5_000,
  maxArrayLength: 100_000,
  maxStringLength: 1_000_000,
  maxOperations: 1_000_000,
  maxResultSize: 10_000_000,
});
