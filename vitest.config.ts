import { defineConfig } from 'vitest/config';

// One suite for every workspace. The same files run on embedded parts (default)
// and on real PostgreSQL/Redis/NATS when DATABASE_URL/REDIS_URL/NATS_URL are set.
export default defineConfig({
  test: {
    include: [
      'packages/*/test/**/*.test.ts',
      'services/*/test/**/*.test.ts',
      'apps/*/test/**/*.test.ts',
      'apps/*/test/**/*.test.tsx',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
