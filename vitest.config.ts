import { defineConfig } from 'vitest/config';

// Two projects: fast deterministic unit tests, and end-to-end tests that drive the built
// extension in real Chromium (serial: one browser at a time fits a 2-core machine).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'src/**/*.test.{ts,tsx}',
            'content/**/*.test.{ts,tsx}',
            'panel/**/*.test.{ts,tsx}',
            'demo/**/*.test.{ts,tsx}',
            'scripts/**/*.test.{ts,tsx}',
            'tests/unit/**/*.test.{ts,tsx}',
          ],
          environment: 'node',
          restoreMocks: true,
          unstubGlobals: true,
        },
      },
      {
        test: {
          name: 'e2e',
          include: [
            'tests/build/**/*.test.ts',
            'tests/package/**/*.test.ts',
            'tests/e2e/**/*.e2e.test.ts',
          ],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          maxWorkers: 1,
        },
      },
    ],
  },
});
