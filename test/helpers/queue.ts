import { env } from 'cloudflare:workers'
import { stalePendingCleanups } from '../../src/db/cleanups'
import { runCleanup } from '../../src/queue/cleanup'
import { cleanupJob } from '../../src/queue/jobs'

/**
 * Runs every pending cleanup to the end now, as the queue consumer would (tests cannot wait for
 * the queue's own delivery). Idempotent: a cleanup the real consumer already finished is skipped.
 */
export async function runPendingCleanups(): Promise<void> {
  for (;;) {
    const pending = await stalePendingCleanups(env.DB, '9999', 100)
    if (pending.length === 0) return
    for (const record of pending) await runCleanup(cleanupJob(record) as never, env)
  }
}
