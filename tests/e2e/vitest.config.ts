import { defineConfig } from 'vitest/config';

// Browser end-to-end tests against a running server (tests/e2e/run.sh starts one
// and sets MANABEE_E2E_URL and MANABEE_DATA_DIR). One worker: one browser, one server.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['tests/e2e/**/*.e2e.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    maxWorkers: 1,
    reporters: ['default'],
  },
});
