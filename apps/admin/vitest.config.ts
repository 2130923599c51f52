import { defineConfig } from 'vitest/config';

// The console's component tests on their own: `npx vitest run --config apps/admin/vitest.config.ts`.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['apps/admin/test/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
  },
});
