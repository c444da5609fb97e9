#!/usr/bin/env node
// Prints the test runner's totals as "N passed, N failed" from vitest's JSON report. A test file
// that failed without a failing test (it did not load, or a hook threw) counts as one failure.
import { existsSync, readFileSync } from 'node:fs';

const path = process.argv[2] ?? 'test-results/report.json';
if (!existsSync(path)) {
  console.log('0 passed, 0 failed');
  process.exit(1);
}
const report = JSON.parse(readFileSync(path, 'utf8'));
const brokenFiles = (report.testResults ?? []).filter(
  (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
).length;
const failed = report.numFailedTests + brokenFiles;
console.log(`${report.numPassedTests} passed, ${failed} failed`);
process.exit(failed === 0 && report.success !== false ? 0 : 1);
