import { defineConfig } from 'vitest/config';

// The operator console in a real browser against a running server
// (tests/e2e-admin/run.sh starts it and sets MANABEE_E2E_*). One worker.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['tests/e2e-admin/**/*.e2e.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    maxWorkers: 1,
    reporters: ['default'],
  },
});
