import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'
import { auth0Contract } from './config/contract.ts'
import { fuzzSettings } from './config/fuzz.ts'
import { testSecrets } from './config/test-secrets.ts'

export default defineConfig(async () => ({
  plugins: [
    // Auth0's OpenAPI documents compiled into the contract checker every API call in the tests goes through.
    auth0Contract(import.meta.dirname),
    cloudflareTest({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations('./migrations'),
          // Counts D1 round trips per request (x-d1-round-trips) so tests can hold endpoints to their budget.
          BENCH_MODE: 'true',
          LOG_REQUESTS: 'false',
          // Events: short waits (a webhook's answer, retries, the feed's wait) so the tests take milliseconds.
          WEBHOOK_TIMEOUT_MS: '300',
          EVENT_DELIVERY_ATTEMPTS: '3',
          EVENT_RETRY_SECONDS: '0',
          EVENTS_FEED_WAIT_MS: '150',
          EVENTS_FEED_POLL_MS: '50',
          ...(await testSecrets()),
        },
        // wrangler.toml's consumer, but a batch waits 50 ms instead of a second to fill: a delivery and
        // its retries (the events tests wait for them) take milliseconds each instead of a second.
        queueConsumers: {
          'edge-orgs-jobs': { maxBatchSize: 10, maxBatchTimeout: 0.05, maxRetries: 5, deadLetterQueue: 'edge-orgs-dlq' },
          'edge-orgs-dlq': { maxBatchSize: 10, maxBatchTimeout: 0.05 },
        },
      },
    }),
  ],
  test: {
    // CI machines have 2 cores shared by workerd and vitest: generous limits keep a loaded run from flaking.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Builds our OpenAPI document in Node and lints it with @redocly/cli (test/routes/openapi.test.ts reads the result).
    globalSetup: ['./config/openapi-lint.ts'],
    setupFiles: ['./test/helpers/apply-migrations.ts', './test/helpers/no-network.ts'],
    // Seed and case count of the fuzz suite (test/fuzz): fixed for `npm test`, chosen by `npm run fuzz`.
    provide: { fuzz: fuzzSettings() },
    projects: [
      // The Worker's suite in workerd: everything configured above.
      { extends: true as const, test: { name: 'worker', include: ['test/**/*.test.ts'] } },
      // The admin console in headless Chromium against `wrangler dev`, after the Worker's suite.
      './console/test/vitest.config.ts',
    ],
  },
}))
