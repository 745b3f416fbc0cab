import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'nodes/**/*.test.ts', 'test/**/*.test.ts', 'editor/src/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**', 'nodes/*/template/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
