/** One classified example: the category it has and the category a classifier gave it. */
export interface Prediction {
  readonly expected: string;
  readonly actual: string;
}

/** How well a classifier did on one category. */
export interface CategoryMetrics {
  /** Of the examples predicted as this category, the share that are (0 when none were). */
  readonly precision: number;
  /** Of the examples of this category, the share predicted as it (0 when there are none). */
  readonly recall: number;
  /** The harmonic mean of precision and recall (0 when both are 0). */
  readonly f1: number;
  /** How many examples have this category. */
  readonly support: number;
}

/** How well a classifier did on a set of examples. */
export interface ClassifierMetrics {
  /** The share of examples predicted right (0 for no examples). */
  readonly accuracy: number;
  /** The unweighted mean of the per-category F1, so a small category counts as much as a large one. */
  readonly macroF1: number;
  /** Every category that is expected or predicted at least once. */
  readonly perCategory: Readonly<Record<string, CategoryMetrics>>;
}

/**
 * Accuracy, macro-averaged F1 and per-category precision, recall, F1 and support of `predictions`.
 * A category that is only ever predicted (support 0) is listed and counts in the macro-F1 with an
 * F1 of 0, since every prediction of it is wrong.
 */
export function evaluate(predictions: readonly Prediction[]): ClassifierMetrics {
  const categories = [...new Set(predictions.flatMap(({ expected, actual }) => [expected, actual]))].sort();
  const perCategory: Record<string, CategoryMetrics> = {};
  for (const category of categories) {
    const truePositives = predictions.filter(({ expected, actual }) => expected === category && actual === category).length;
    const predicted = predictions.filter(({ actual }) => actual === category).length;
    const support = predictions.filter(({ expected }) => expected === category).length;
    const precision = ratio(truePositives, predicted);
    const recall = ratio(truePositives, support);
    perCategory[category] = { precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  }
  const correct = predictions.filter(({ expected, actual }) => expected === actual).length;
  const f1s = Object.values(perCategory).map(({ f1 }) => f1);
  return {
    accuracy: ratio(correct, predictions.length),
    macroF1: ratio(f1s.reduce((sum, f1) => sum + f1, 0), f1s.length),
    perCategory,
  };
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}
