import type { SerializedError } from 'vitest';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one plain closing line, `tests: N passed, N failed, N skipped`, after vitest's own summary, so
 * that tools reading test logs (CI) can count the tests without knowing vitest's format. Test files that
 * failed outside their tests (an error in a hook or at import: their tests then count as skipped) and
 * errors outside any test are added to the line, so that it never reads as a clean run when it is not.
 */
export default class SummaryLineReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    let failedFiles = 0;
    for (const module of testModules) {
      let failedTests = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failedTests++;
        else skipped++;
      }
      failed += failedTests;
      if (module.state() === 'failed' && failedTests === 0) failedFiles++;
    }
    const extra = [
      failedFiles > 0 ? `${failedFiles} test file(s) failed outside their tests` : '',
      unhandledErrors.length > 0 ? `${unhandledErrors.length} unhandled error(s)` : '',
    ].filter(Boolean);
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped${extra.length ? `; ${extra.join('; ')}` : ''}\n`);
  }
}
