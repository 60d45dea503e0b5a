import { defineConfig } from 'vitest/config'
import { rendererAliases } from './electron.vite.config'

export default defineConfig({
  // Renderer modules under test import through the renderer's aliases.
  resolve: { alias: rendererAliases },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'test/fixtures/**', 'node_modules/**'],
    environment: 'node',
    // argon2 and SQLite are real: give slow machines room, and keep files apart in their own forks.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Vitest's default is one fork fewer than the cores: one, on these two-core machines. Most files
    // wait on subprocesses, sockets and SQLite more than they compute, so three run side by side.
    maxWorkers: Number(process.env.VITEST_MAX_WORKERS ?? 3),
    // Fails the run if a test leaves a process behind.
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default']
  }
})
