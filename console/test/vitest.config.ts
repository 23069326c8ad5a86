import { defineProject } from 'vitest/config'

/**
 * The console suite: headless Chromium (Debian's `chromium`, driven by playwright-core) against
 * `wrangler dev`, plus the console's pure logic. Runs after the Worker's suite, one file at a time:
 * a browser and workerd share the machine with nothing else then.
 */
export default defineProject({
  test: {
    name: 'console',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    environment: 'node',
    globalSetup: ['./server.ts'],
    fileParallelism: false,
    sequence: { groupOrder: 1 },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
