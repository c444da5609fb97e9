/**
 * The parts of wink-naive-bayes-text-classifier 2 and wink-porter2-stemmer 2 (which ship no types)
 * that the local exception classifier uses.
 */
declare module 'wink-naive-bayes-text-classifier' {
  /** A multinomial naive Bayes model. Without preparation tasks it learns from and classifies tokens. */
  export interface NaiveBayesTextClassifier {
    /** Counts the tokens of one example of `label`; throws once the model is consolidated. */
    learn(tokens: readonly string[], label: string): boolean;
    /** Ends learning; throws with fewer than 2 labels or fewer than 10 distinct tokens. */
    consolidate(): boolean;
    /**
     * `[label, odds]` for every label, best first, where odds is log2 P(label | tokens) / P(not label | tokens);
     * `[['unknown', 0]]` when the best odds are 0 (none of the tokens was seen in learning).
     */
    computeOdds(tokens: readonly string[]): [label: string, odds: number][];
  }

  /** A new, empty model (Laplace smoothing, counts of every occurrence). */
  export default function naiveBayesTextClassifier(): NaiveBayesTextClassifier;
}

declare module 'wink-porter2-stemmer' {
  /** The Porter2 (English) stem of a lower-case word; other words come back about unchanged. */
  export default function stem(word: string): string;
}
