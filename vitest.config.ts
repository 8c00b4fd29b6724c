import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The seed corpus is ingested once for the whole run, not once per test file.
    globalSetup: ['tests/support/seedIndexSetup.ts'],
    setupFiles: ['tests/support/removeTempFoldersAfterEachFile.ts'],
    // A test whose assertions all sit in loops that ran zero times fails instead of passing.
    expect: { requireAssertions: true },
    // Two cores: files run in parallel forks, but each loads the offline model, so cap the pool.
    pool: 'forks',
    maxWorkers: 2,
  },
});
