#!/usr/bin/env node
// Prints the test runner's totals as "N passed, N failed" from vitest's JSON report.
import { existsSync, readFileSync } from 'node:fs';

const path = process.argv[2] ?? 'test-results/report.json';
if (!existsSync(path)) {
  console.log('0 passed, 0 failed');
  process.exit(1);
}
const report = JSON.parse(readFileSync(path, 'utf8'));
const failed = report.numFailedTests + (report.numFailedTestSuites ?? 0) - countSuitesWithFailedTests(report);
console.log(`${report.numPassedTests} passed, ${failed} failed`);
process.exit(failed === 0 && report.success !== false ? 0 : 1);

/** Suites that failed only because a test in them failed are already counted by their tests. */
function countSuitesWithFailedTests(data) {
  return (data.testResults ?? []).filter(
    (suite) => suite.status === 'failed' && (suite.assertionResults ?? []).some((test) => test.status === 'failed'),
  ).length;
}
