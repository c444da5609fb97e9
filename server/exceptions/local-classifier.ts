import naiveBayesTextClassifier from 'wink-naive-bayes-text-classifier';
import stem from 'wink-porter2-stemmer';
import { invalid } from '../domain/domain-error.js';

/** The parts of an exception the classifier reads. */
export interface ClassifiableException {
  readonly title: string;
  readonly details: string;
  readonly source: string;
  readonly subject: { readonly type: string };
  readonly context: Readonly<Record<string, string | number | boolean>>;
}

/** One labelled example to learn from. */
export interface TrainingExample {
  readonly text: string;
  readonly category: string;
}

/** What the classifier makes of one text. */
export interface Classification {
  /** The most probable category. */
  readonly category: string;
  /** Its probability, 0..1: the number to compare with a "below this, a person decides" threshold. */
  readonly confidence: number;
  /** The probability of every category the classifier knows; they sum to 1. */
  readonly scores: Readonly<Record<string, number>>;
}

/** A trained classifier; it keeps no reference to its examples. */
export interface LocalClassifier {
  /** The categories it can answer, sorted. */
  readonly categories: readonly string[];
  /** The category of `text` (an exception's {@link exceptionText}), with every category's probability. */
  classify(text: string): Classification;
}

/** The naive Bayes library refuses to learn from fewer distinct words than this. */
const MIN_VOCABULARY = 10;

/**
 * The text the classifier reads for an exception: its title, details, source and subject type, and
 * its context's keys (camelCase split into words) with the values of string fields. Number and
 * boolean values are left out: `orderTotal: 1250` or `fulfilled: true` mean something only against
 * a threshold or a key that a bag of words cannot relate them to, and each distinct amount would be
 * a word seen once. The key still says what the workflow looked at. The subject's id and the
 * workflow's name are left out too: the one is an identifier, the other the tenant's own wording.
 */
export function exceptionText(exception: ClassifiableException): string {
  const context = Object.entries(exception.context).map(([key, value]) =>
    typeof value === 'string' ? `${words(key)}: ${value}` : words(key),
  );
  return [exception.title, exception.details, `source: ${exception.source}; subject: ${words(exception.subject.type)}`, ...context].join('\n');
}

/**
 * Trains a multinomial naive Bayes model (wink-naive-bayes-text-classifier) on `examples`, in
 * process and in milliseconds. Words are lower-cased, split on anything but letters and digits, and
 * stemmed (Porter2); a number is kept only when it has three digits, as status codes do (401, 503),
 * since longer numbers are ids and amounts. An example without any such word teaches nothing and is
 * skipped. Throws an `invalid` domain error when the remaining examples have fewer than 2 categories
 * (there is nothing to choose between) or fewer than 10 distinct words.
 */
export function trainLocalClassifier(examples: readonly TrainingExample[]): LocalClassifier {
  const model = naiveBayesTextClassifier();
  const counts = new Map<string, number>();
  const vocabulary = new Set<string>();
  for (const { text, category } of examples) {
    const tokens = tokenize(text);
    if (tokens.length === 0) continue;
    model.learn(tokens, category);
    counts.set(category, (counts.get(category) ?? 0) + 1);
    for (const token of tokens) vocabulary.add(token);
  }
  if (counts.size < 2) {
    throw invalid('The classifier needs examples of at least 2 categories', [
      { path: 'examples', message: `the examples with words have ${counts.size === 0 ? 'none' : `only ${[...counts.keys()].join('')}`}` },
    ]);
  }
  if (vocabulary.size < MIN_VOCABULARY) {
    throw invalid(`The classifier needs examples with at least ${MIN_VOCABULARY} distinct words`, [
      { path: 'examples', message: `the examples have ${vocabulary.size}` },
    ]);
  }
  model.consolidate();
  const categories = [...counts.keys()].sort();
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
  const priors = categories.map((category) => (counts.get(category) ?? 0) / total);
  return {
    categories,
    classify(text) {
      const odds = new Map(model.computeOdds(tokenize(text)));
      // The model answers a single "unknown" when the text holds no word it has seen (or no evidence
      // either way): then the best guess is each category's share of the examples, and so is the
      // confidence (0.1 with 10 balanced categories), low enough for any review threshold.
      if (odds.size !== categories.length) return best(categories, priors);
      return best(categories, normalise(categories.map((category) => logSigmoid((odds.get(category) ?? 0) * Math.LN2))));
    },
  };
}

function words(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 1 && (!/^\d+$/.test(word) || word.length === 3))
    .map((word) => stem(word));
}

/**
 * The model gives each category the log odds of "this category" against "any other". Its sigmoid is
 * the category's one-against-the-rest probability; normalising those makes them sum to 1. Done in
 * log space, since long texts reach odds whose powers overflow a double.
 */
function normalise(logProbabilities: readonly number[]): number[] {
  const max = Math.max(...logProbabilities);
  const shifted = logProbabilities.map((log) => Math.exp(log - max));
  const sum = shifted.reduce((total, value) => total + value, 0);
  return shifted.map((value) => value / sum);
}

/** log(1 / (1 + e^-x)), without overflow for large |x|. */
function logSigmoid(x: number): number {
  return Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x)));
}

/** The category of highest score (the first on a tie) with all the scores; `scores` in the order of `categories`. */
function best(categories: readonly string[], scores: readonly number[]): Classification {
  let top = 0;
  scores.forEach((score, index) => {
    if (score > (scores[top] ?? 0)) top = index;
  });
  return {
    category: categories[top] ?? '',
    confidence: scores[top] ?? 0,
    scores: Object.fromEntries(categories.map((category, index) => [category, scores[index] ?? 0])),
  };
}
