/**
 * Prints the last test run's totals as one plain line, `N passed, N failed,
 * N skipped`, from vitest's JSON report: the form CI reads whatever the runner.
 * Exits 1 when the report is missing or no test ran.
 *
 *   tsx scripts/test-summary.ts [test-output/vitest.json]
 */
import { readFileSync } from 'node:fs';

const path = process.argv[2] ?? 'test-output/vitest.json';
let report: { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
try {
  report = JSON.parse(readFileSync(path, 'utf8'));
} catch {
  console.error(`sftpgo-client: no test report at ${path}`);
  process.exit(1);
}
console.log(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests + report.numTodoTests} skipped`);
if (report.numPassedTests + report.numFailedTests === 0) process.exit(1);
