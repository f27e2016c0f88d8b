import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Test files share a worker's module cache: importing the three vendor SDKs once per worker
    // instead of once per file takes the suite from minutes to under two. Tests build their own
    // apps and servers, and restore env stubs and timers, so nothing leaks between files.
    isolate: false,
    unstubEnvs: true,
  },
});
