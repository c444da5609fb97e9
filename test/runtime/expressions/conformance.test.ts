import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateExpression, toPlainData, type ExpressionContext, type PlainData } from '../../../runtime/expressions/index.js';

/** The official json-logic suite: rows of [rule, data, expected], section headings as strings. */
const SUITE_URL = new URL('../../fixtures/jsonlogic-tests.json', import.meta.url);
const EXPECTED_CASES = 277;

interface ConformanceCase {
  readonly name: string;
  readonly rule: unknown;
  readonly data: unknown;
  readonly expected: unknown;
}

/**
 * Cases deliberately not run, keyed by `JSON.stringify([rule, data])`, with the reason. A case
 * belongs here only if it uses an operator the hardening removes (`log`); none does today.
 */
const EXCLUDED: ReadonlyMap<string, string> = new Map();

function caseKey(rule: unknown, data: unknown): string {
  return JSON.stringify([rule, data]);
}

function loadSuite(): ConformanceCase[] {
  const rows: unknown = JSON.parse(readFileSync(SUITE_URL, 'utf8'));
  if (!Array.isArray(rows)) throw new Error('the conformance suite is not an array');
  const cases: ConformanceCase[] = [];
  let section = '(no heading)';
  let indexInSection = 0;
  for (const row of rows as unknown[]) {
    if (typeof row === 'string') {
      section = row.replace(/^#\s*/, '').trim();
      indexInSection = 0;
      continue;
    }
    if (!Array.isArray(row) || row.length !== 3) throw new Error(`malformed conformance row: ${JSON.stringify(row)}`);
    const [rule, data, expected] = row as [unknown, unknown, unknown];
    indexInSection += 1;
    const ruleText = JSON.stringify(rule);
    const shown = ruleText.length > 70 ? `${ruleText.slice(0, 67)}...` : ruleText;
    cases.push({ name: `${cases.length + 1}. ${section} #${indexInSection}: ${shown}`, rule, data, expected });
  }
  return cases;
}

/**
 * json-logic's data may be any JSON value (the suite uses null, numbers and arrays as well as
 * objects). The evaluator hands its context to json-logic unchanged, so a non-object stands in
 * for the `{ input, nodes, params, run, item }` object here.
 */
function asContext(data: PlainData): ExpressionContext {
  return data as ExpressionContext;
}

const cases = loadSuite();
const toRun = cases.filter((entry) => !EXCLUDED.has(caseKey(entry.rule, entry.data)));
let ran = 0;

describe('json-logic conformance suite', () => {
  it(`holds all ${EXPECTED_CASES} cases, excludes none, and runs every one`, () => {
    expect(cases).toHaveLength(EXPECTED_CASES);
    expect([...EXCLUDED.keys()]).toEqual([]);
    expect(toRun).toHaveLength(EXPECTED_CASES);
  });

  it('has no stale exclusions', () => {
    const keys = new Set(cases.map((entry) => caseKey(entry.rule, entry.data)));
    for (const key of EXCLUDED.keys()) expect(keys.has(key), key).toBe(true);
  });

  it.each(toRun)('$name', ({ rule, data, expected }) => {
    ran += 1;
    expect(evaluateExpression(rule, asContext(toPlainData(data)))).toStrictEqual(expected);
  });

  it('ran every case', () => {
    expect(ran).toBe(EXPECTED_CASES);
  });
});
