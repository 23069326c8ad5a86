import type { CleanupRecord } from '../db/cleanups'
import type { Env } from '../env'
import { cleanupJob } from './jobs'

/**
 * Enqueues the cleanup of a delete that D1 already accepted. A failed send must not fail that
 * request: the record stays pending and the scheduled sweep re-enqueues it.
 */
export async function enqueueCleanup(env: Env, record: Pick<CleanupRecord, 'id' | 'kind' | 'target_id'>): Promise<void> {
  try {
    await env.JOBS.send(cleanupJob(record))
  } catch (err) {
    console.error(JSON.stringify({ level: 'error', msg: 'enqueue cleanup failed', cleanup: record.id, error: String(err) }))
  }
}
