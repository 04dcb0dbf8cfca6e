import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real DuckDB files and real Chromium: give them room, but keep the suite bounded.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Pinned time zone, as in duckdb-node-neo's tests.
    env: { TZ: 'UTC' },
    pool: 'forks',
  },
});
