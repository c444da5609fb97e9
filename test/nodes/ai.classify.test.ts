import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeExecutionError, fieldHints, type JsonObject, type TextClassification } from '../../runtime/definition/index.js';
import { execute } from '../../nodes/ai.classify/execute.js';
import { spec } from '../../nodes/ai.classify/spec.js';
import { issuePaths, isVisible } from './config-issues.js';
import { fakeContext, thrownBy } from './fake-context.js';
import { resolveSaved } from './resolve-saved.js';
import { savedConfigProblems } from './saved-config.js';

const exception = { title: 'Payment does not match', details: 'Paid 90, order total 120', total: 120, paid: 90 };

/** Rules on the input's amounts, as a workflow saves them. */
const savedRules: JsonObject = {
  provider: 'rules',
  rules: [
    { category: 'payment-mismatch', when: { '!=': [{ var: 'input.total' }, { var: 'input.paid' }] }, confidence: 0.9 },
    { category: 'out-of-stock', when: { '==': [{ var: 'input.stock' }, 0] } },
  ],
};

/** A fake classifier capability that answers `answer` and records what it was asked. */
function fakeClassifier(answer: TextClassification) {
  const asked: string[] = [];
  return { asked, classifier: { classify: (text: string) => (asked.push(text), Promise.resolve(answer)) } };
}

describe('ai.classify', () => {
  it('is an AI step without side effects, with out, review and error ports', () => {
    expect([spec.type, spec.version, spec.category, spec.sideEffects]).toEqual(['ai.classify', 1, 'ai', false]);
    expect(spec.ports.outputs.map((port) => port.name)).toEqual(['out', 'review', 'error']);
    expect(fieldHints(spec.config.shape.text).expression).toBe(true);
  });

  it("marks each rule's condition as an expression, so the engine evaluates it", () => {
    expect(savedConfigProblems('ai.classify', savedRules)).toEqual([]);
    expect(savedConfigProblems('ai.classify', { provider: 'rules', rules: [{ category: 'x', when: { nope: [1] } }] })).toEqual([expect.stringMatching(/^\S+ rules\[0\]\.when/)]);
  });

  it('checks the provider, its fields, categories and the threshold, with defaults', () => {
    expect(spec.config.parse({ provider: 'local', text: 'x' })).toEqual({ provider: 'local', text: 'x', fallback: 'unclassified', threshold: 0.6 });
    expect(issuePaths(spec.config, { provider: 'gpt', text: 'x' })).toEqual([['provider']]);
    expect(issuePaths(spec.config, { provider: 'rules' })).toEqual([['rules']]);
    expect(issuePaths(spec.config, { provider: 'local' })).toEqual([['text']]);
    expect(issuePaths(spec.config, { provider: 'rules', rules: [{ category: 'Not A Slug', when: true }] })).toEqual([['rules', 0, 'category']]);
    expect(issuePaths(spec.config, { provider: 'rules', rules: [{ category: 'a', when: true, confidence: 1.5 }] })).toEqual([['rules', 0, 'confidence']]);
    expect(issuePaths(spec.config, { provider: 'local', text: 'x', threshold: -0.1 })).toEqual([['threshold']]);
    expect(issuePaths(spec.config, { provider: 'local', text: 'x', unknown: 1 })).toEqual([[]]);
  });

  it('shows the rules only for the rules provider and the text only for the others', () => {
    expect(isVisible(spec.config.shape.rules, { provider: 'rules' })).toBe(true);
    expect(isVisible(spec.config.shape.rules, { provider: 'local' })).toBe(false);
    expect(isVisible(spec.config.shape.text, { provider: 'local' })).toBe(true);
  });

  it('takes the category and confidence of the first rule that matches', async () => {
    const config = resolveSaved(spec.config, savedRules, { input: { ...exception, stock: 0 } });
    expect(await execute(fakeContext(), config, exception)).toEqual({
      output: { ...exception, classification: { category: 'payment-mismatch', confidence: 0.9, provider: 'rules' } },
      port: 'out',
    });
    const second = resolveSaved(spec.config, savedRules, { input: { total: 5, paid: 5, stock: 0 } });
    expect(await execute(fakeContext(), second, {})).toMatchObject({ output: { classification: { category: 'out-of-stock', confidence: 1 } }, port: 'out' });
  });

  it('falls back with confidence 0 when no rule matches, which a person reviews', async () => {
    const config = resolveSaved(spec.config, { ...savedRules, fallback: 'other' }, { input: { total: 5, paid: 5, stock: 3 } });
    expect(await execute(fakeContext(), config, 'text')).toEqual({
      output: { input: 'text', classification: { category: 'other', confidence: 0, provider: 'rules' } },
      port: 'review',
    });
    const unclassified = resolveSaved(spec.config, savedRules, { input: {} });
    expect(await execute(fakeContext(), unclassified, {})).toMatchObject({ output: { classification: { category: 'unclassified' } } });
  });

  it('sends a rule below the threshold to review, and one at it on', async () => {
    const low = resolveSaved(spec.config, { ...savedRules, threshold: 0.95 }, { input: exception });
    expect(await execute(fakeContext(), low, exception)).toMatchObject({ port: 'review' });
    const equal = resolveSaved(spec.config, { ...savedRules, threshold: 0.9 }, { input: exception });
    expect(await execute(fakeContext(), equal, exception)).toMatchObject({ port: 'out' });
  });

  it("classifies the evaluated text with the workspace's classifier", async () => {
    const { asked, classifier } = fakeClassifier({ category: 'payment-mismatch', confidence: 0.82 });
    const saved = { provider: 'local', text: { cat: [{ var: 'input.title' }, ' ', { var: 'input.details' }] } };
    const config = resolveSaved(spec.config, saved, { input: exception });
    const outcome = await execute({ ...fakeContext(), classifier }, config, exception);
    expect(asked).toEqual(['Payment does not match Paid 90, order total 120']);
    expect(outcome).toEqual({ output: { ...exception, classification: { category: 'payment-mismatch', confidence: 0.82, provider: 'local' } }, port: 'out' });
  });

  it('sends an unsure local classification to review', async () => {
    const { classifier } = fakeClassifier({ category: 'address-invalid', confidence: 0.34 });
    const outcome = await execute({ ...fakeContext(), classifier }, spec.config.parse({ provider: 'local', text: 'asdf qwer', threshold: 0.8 }), { id: 1 });
    expect(outcome).toEqual({ output: { id: 1, classification: { category: 'address-invalid', confidence: 0.34, provider: 'local' } }, port: 'review' });
  });

  it('fails clearly where no classifier is offered, and passes the classifier\'s failure on', async () => {
    const error = await thrownBy(() => execute(fakeContext(), spec.config.parse({ provider: 'local', text: 'x' }), {}));
    expect(error).toBeInstanceOf(NodeExecutionError);
    expect(error).toMatchObject({ code: 'CLASSIFIER_UNAVAILABLE' });
    const untrained = { classify: () => Promise.reject(new NodeExecutionError('too few examples', { code: 'CLASSIFIER_UNTRAINED' })) };
    await expect(execute({ ...fakeContext(), classifier: untrained }, spec.config.parse({ provider: 'local', text: 'x' }), {})).rejects.toMatchObject({ code: 'CLASSIFIER_UNTRAINED' });
  });

  it("accepts the benchmark's keyword rule set as a rules config", () => {
    const rules = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/exceptions/classification-rules.json'), 'utf8')) as JsonObject[];
    expect(savedConfigProblems('ai.classify', { provider: 'rules', rules })).toEqual([]);
  });
});
