import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate } from '../server/exceptions/classifier-metrics.js';
import { exceptionText, trainLocalClassifier, type ClassifiableException, type TrainingExample } from '../server/exceptions/local-classifier.js';
import { evaluateExpression, isTruthy } from '../runtime/expressions/index.js';
import { format, quantile } from './stats.js';

const FIXTURE = join(import.meta.dirname, '../test/fixtures/exceptions/labelled-exceptions.json');
/** An ordered keyword rule set in `ai.classify`'s rules format, each rule's condition over `input.text`. */
const RULES = join(import.meta.dirname, '../test/fixtures/exceptions/classification-rules.json');
const TRAIN_ROUNDS = 7;
/** Confidence thresholds a "below this, a person decides" rule might use. */
const THRESHOLDS = [0.5, 0.7, 0.8, 0.9];

interface LabelledException extends ClassifiableException {
  readonly id: string;
  readonly category: string;
}

/**
 * The local exception classifier on the labelled exceptions fixture, split as its README says
 * (ids that are multiples of 4 held out): training time (median of seven), classifications per
 * second over the held-out texts for `seconds`, accuracy, macro-F1 and per-category F1 on the
 * held-out split, and, for a few confidence thresholds, how many answers reach them and how many of
 * those are right; beside it, accuracy and macro-F1 of the `rules` provider with an ordered keyword
 * rule set on the same held-out texts (no rule matching: `unclassified`, always wrong).
 */
export function benchClassifier(seconds = 1): void {
  const labelled = JSON.parse(readFileSync(FIXTURE, 'utf8')) as LabelledException[];
  const example = (exception: LabelledException): TrainingExample => ({ text: exceptionText(exception), category: exception.category });
  const heldOut = (exception: LabelledException) => Number(exception.id.slice('ex-'.length)) % 4 === 0;
  const train = labelled.filter((exception) => !heldOut(exception)).map(example);
  const test = labelled.filter(heldOut).map(example);

  const trainTimes: number[] = [];
  let classifier = trainLocalClassifier(train);
  for (let round = 0; round < TRAIN_ROUNDS; round++) {
    const started = performance.now();
    classifier = trainLocalClassifier(train);
    trainTimes.push(performance.now() - started);
  }

  let classified = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  while (performance.now() < deadline) {
    for (const { text } of test) classifier.classify(text);
    classified += test.length;
  }
  const rate = classified / ((performance.now() - started) / 1000);

  const answers = test.map(({ text, category }) => ({ expected: category, answer: classifier.classify(text) }));
  const metrics = evaluate(answers.map(({ expected, answer }) => ({ expected, actual: answer.category })));

  console.log(`\nException classifier: naive Bayes trained on ${train.length} labelled exceptions, measured on the ${test.length} held out`);
  console.log(`  train: ${format(quantile(trainTimes, 0.5), 1)} ms (median of ${TRAIN_ROUNDS})`);
  console.log(`  classify: ${format(rate).padStart(8)} texts/s`);
  console.log(`  local provider: accuracy ${format(metrics.accuracy, 3)}, macro-F1 ${format(metrics.macroF1, 3)}`);
  const rules = JSON.parse(readFileSync(RULES, 'utf8')) as { category: string; when: unknown }[];
  const byRules = test.map(({ text, category }) => ({
    expected: category,
    actual: rules.find((rule) => isTruthy(evaluateExpression(rule.when, { input: { text } })))?.category ?? 'unclassified',
  }));
  const rulesMetrics = evaluate(byRules);
  const unmatched = byRules.filter(({ actual }) => actual === 'unclassified').length;
  console.log(`  rules provider (${rules.length} ordered keyword rules): accuracy ${format(rulesMetrics.accuracy, 3)}, macro-F1 ${format(rulesMetrics.macroF1, 3)}, ${unmatched} of ${test.length} matched no rule`);
  console.log('  F1 per category (local):');
  for (const [category, { f1, support }] of Object.entries(metrics.perCategory)) {
    console.log(`    ${category.padEnd(24)} ${format(f1, 3)} (${support} held out)`);
  }
  for (const threshold of THRESHOLDS) {
    const confident = answers.filter(({ answer }) => answer.confidence >= threshold);
    const right = confident.filter(({ expected, answer }) => answer.category === expected).length;
    const accuracy = confident.length === 0 ? 'n/a' : `${format((100 * right) / confident.length, 1)} % right`;
    console.log(`  confidence ≥ ${threshold}: ${confident.length} of ${test.length} answers, ${accuracy}`);
  }
}
