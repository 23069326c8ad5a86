import type { D1Migration } from '@cloudflare/vitest-plugin'
import type { Job } from './queue/jobs'

export interface Env {
  DB: D1Database
  ORG_INDEX: KVNamespace
  JOBS: Queue<Job>
  EMAIL: SendEmail
  API_AUDIENCE: string
  TOKEN_ISSUER: string
  EMAIL_FROM: string
  LOG_REQUESTS?: string
  /** Private RS256 key as a JWK JSON string (secret). */
  SIGNING_KEY: string
  BOOTSTRAP_CLIENT_ID: string
  BOOTSTRAP_CLIENT_SECRET: string
  /** Set only by the benchmark: enables /__bench routes and D1 call counting. */
  BENCH_MODE?: string
  /** Events: "true" lets webhooks use http and https on 127.0.0.1/localhost (npm run dev); see src/events/config.ts for the rest. */
  WEBHOOK_LOCAL_HTTP?: string
  WEBHOOK_TIMEOUT_MS?: string
  EVENT_DELIVERY_ATTEMPTS?: string
  EVENT_RETRY_SECONDS?: string
  EVENTS_FEED_WAIT_MS?: string
  EVENTS_FEED_POLL_MS?: string
}

type AppEnv = Env

declare global {
  namespace Cloudflare {
    /** What `cloudflare:workers`' `env` holds in tests: the app's bindings plus the migrations. */
    interface Env extends AppEnv {
      TEST_MIGRATIONS: D1Migration[]
    }
    interface GlobalProps {
      mainModule: typeof import('./index')
    }
  }
}
