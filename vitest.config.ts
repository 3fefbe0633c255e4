import { defineConfig } from 'vitest/config';

// What both projects share. The global setup (services up, a migrated template database) stays in
// the root config only: a project that extended it would run it again, dropping the template.
const shared = { testTimeout: 60_000, hookTimeout: 120_000, pool: 'forks' } as const;

export default defineConfig({
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    ...shared,
    // Integration files each own a database, queue prefix and IMAP user; two at a time fit 2 cores.
    maxWorkers: 2,
    projects: [
      {
        // Pure functions of plain data: one fork runs file after file without importing the reader
        // (pdf.js, Tesseract, the fixtures) again for each (measured: 75 s → 49 s for test/unit).
        test: { ...shared, name: 'unit', include: ['test/unit/**/*.test.ts'], isolate: false },
      },
      {
        // Processes, pools and services: each file in a fresh fork, as before.
        test: { ...shared, name: 'services', include: ['test/integration/**/*.test.ts', 'test/browser/**/*.test.ts'] },
      },
    ],
  },
});
