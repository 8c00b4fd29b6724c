import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The seed corpus is ingested once for the whole run, not once per test file; the PGlite
    // server and Debian's PostgreSQL are started first and come up while the seed corpus is ingested.
    globalSetup: ['tests/support/pgliteSetup.ts', 'tests/support/postgresSetup.ts', 'tests/support/seedIndexSetup.ts'],
    setupFiles: ['tests/support/removeTempFoldersAfterEachFile.ts'],
    // A test whose assertions all sit in loops that ran zero times fails instead of passing.
    expect: { requireAssertions: true },
    // Two cores: files run in parallel forks, but each loads the offline model, so cap the pool.
    pool: 'forks',
    // Files in one fork share its module cache: src/, discord.js and the model code are imported
    // once per fork instead of once per file (import time 135 s -> 37 s summed over files).
    // Temporary folders are still removed per file (setupFiles run for each file).
    isolate: false,
    maxWorkers: 2,
  },
});
