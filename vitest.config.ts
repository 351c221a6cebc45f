import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  test: {
    include: ['test/{unit,component,integration,fault}/**/*.test.{ts,tsx}'],
    environment: 'node',
    // better-sqlite3 and child processes: forks isolate native state per file.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    setupFiles: ['test/setup.ts'],
  },
});
