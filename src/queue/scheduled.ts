import { stalePendingCleanups } from '../db/cleanups'
import { deleteExpiredKeys } from '../db/idempotency'
import { deleteExpiredInvitations, staleQueuedInvitationIds } from '../db/invitations'
import type { Env } from '../env'
import { sweepEvents, type EventSweep } from './event-sweep'
import { cleanupJob, sendJobs, type Job } from './jobs'

/** Expired invitations deleted per run: CHUNK rows per statement, STATEMENTS per batch, up to ROUNDS batches. */
const EXPIRED_CHUNK = 500
const EXPIRED_STATEMENTS = 10
const EXPIRED_ROUNDS = 20

/** Work whose job should have run by now; younger work may still be waiting in the queue. */
export const STALE_AFTER_MS = 10 * 60 * 1000

/** Stale records of each kind re-enqueued per run. */
const REQUEUE_LIMIT = 100

/** Expired idempotency keys deleted per statement, up to KEY_ROUNDS statements a run. */
const KEY_CHUNK = 1000
const KEY_ROUNDS = 20

export interface SweepResult extends EventSweep {
  expiredInvitations: number
  expiredIdempotencyKeys: number
  requeuedCleanups: number
  requeuedEmails: number
}

/**
 * The cron's work (wrangler.toml `[triggers]`): delete expired invitations and idempotency keys in bounded chunks, and
 * re-enqueue work whose queue message was lost after its D1 write (a cleanup still pending, an
 * invitation email still queued). Re-enqueued jobs are idempotent, so a duplicate is harmless.
 */
export async function runScheduled(env: Env, scheduledTime: number): Promise<SweepResult> {
  const at = new Date(scheduledTime).toISOString()
  const staleBefore = new Date(scheduledTime - STALE_AFTER_MS).toISOString()
  const expiredInvitations = await sweepExpiredInvitations(env.DB, at)
  const expiredIdempotencyKeys = await sweepExpiredKeys(env.DB, at)
  const events = await sweepEvents(env, scheduledTime)
  const [cleanups, emailIds] = await Promise.all([
    stalePendingCleanups(env.DB, staleBefore, REQUEUE_LIMIT),
    staleQueuedInvitationIds(env.DB, staleBefore, at, REQUEUE_LIMIT),
  ])
  const jobs: Job[] = [
    ...cleanups.map(cleanupJob),
    ...emailIds.map((invitationId): Job => ({ type: 'invitation.email', invitationId })),
  ]
  await sendJobs(env.JOBS, jobs)
  const result = { expiredInvitations, expiredIdempotencyKeys, requeuedCleanups: cleanups.length, requeuedEmails: emailIds.length, ...events }
  console.log(JSON.stringify({ job: 'scheduled', ...result }))
  return result
}

async function sweepExpiredInvitations(db: D1Database, at: string): Promise<number> {
  let total = 0
  for (let round = 0; round < EXPIRED_ROUNDS; round++) {
    const deleted = await deleteExpiredInvitations(db, at, EXPIRED_CHUNK, EXPIRED_STATEMENTS)
    total += deleted
    if (deleted < EXPIRED_CHUNK * EXPIRED_STATEMENTS) break
  }
  return total
}

async function sweepExpiredKeys(db: D1Database, at: string): Promise<number> {
  let total = 0
  for (let round = 0; round < KEY_ROUNDS; round++) {
    const deleted = await deleteExpiredKeys(db, at, KEY_CHUNK)
    total += deleted
    if (deleted < KEY_CHUNK) break
  }
  return total
}
