#!/usr/bin/env node
// Fails the test command when Jest ran nothing or skipped something, and prints the counts,
// so a green run always means every test ran.
const fs = require('node:fs');

const results = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const skipped = [];
for (const file of results.testResults) {
  for (const test of file.assertionResults) {
    if (test.status === 'pending' || test.status === 'todo' || test.status === 'skipped') {
      skipped.push(`${file.name}: ${test.fullName}`);
    }
  }
}
console.log(
  `jest: ${results.numTotalTestSuites} suites, ${results.numTotalTests} tests, ` +
    `${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped.length} skipped`,
);
if (results.numTotalTests === 0) {
  console.error('jest ran no tests: the test command must run every test');
  process.exit(1);
}
if (skipped.length > 0) {
  console.error(`skipped or todo tests are not allowed:\n  ${skipped.join('\n  ')}`);
  process.exit(1);
}
