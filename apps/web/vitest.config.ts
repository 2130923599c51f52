import { defineConfig } from 'vitest/config';

// Runs the web app's tests on their own (`npx vitest run --config apps/web/vitest.config.ts`).
// The root config picks them up too once it includes `apps/*/test/**/*.test.tsx`.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['apps/web/test/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
  },
});
