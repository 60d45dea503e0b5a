import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    // argon2 and SQLite are real: give slow machines room, and keep files apart in their own forks.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Fails the run if a test leaves a process behind.
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default']
  }
})
