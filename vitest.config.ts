import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // The secret recorder's part in each test file; its check is the last reporter (issue 14).
    setupFiles: ['test/support/record-secrets-setup.ts'],
    // Tests talk to real local servers and Prism; generous but finite.
    testTimeout: 20_000,
    // Suites that start their own Prism (up to 30 s) do it in beforeAll.
    hookTimeout: 40_000,
    teardownTimeout: 10_000,
    // Forks isolate servers and process handlers per file; two workers for two cores,
    // leaving Prism (a separate process) some CPU too.
    pool: 'forks',
    maxWorkers: 2,
    // Type tests (test/**/*.test-d.ts): tsc over tsconfig.json, nothing runs.
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    // The JSON report feeds .ci/run's one-line summary ("N passed, N failed").
    reporters: ['default', ['json', { outputFile: 'test-output/vitest.json' }], './test/support/secret-leak-reporter.ts'],
  },
});
