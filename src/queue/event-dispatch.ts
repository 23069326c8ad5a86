import { beginDispatch, dispatchBehind, finishDispatch, pendingSeqs } from '../db/event-streams'
import type { Env } from '../env'
import { deliveryJobs, sendJobs } from './jobs'

/** Events per stream per round, and rounds per run: a backlog continues in a new run. */
export const PER_STREAM_PER_ROUND = 1_000
const ROUNDS = 5
/** Longer than a round can take; a dispatcher that died lets go when it runs out. */
const LEASE_MS = 30_000

/**
 * The fan-out ('events.dispatch'). Every write that can emit events enqueues one of these after it
 * commits; the cron enqueues one whenever a stream is behind (an enqueue that got lost).
 *
 * One dispatcher at a time holds the lease. It reads each enabled stream's events past its cursor up
 * to the latest seq, sends them to the queue as delivery jobs, and only then moves the cursor. So an
 * event at or below a cursor has been handed to the queue, and one above it will be: nothing is
 * skipped, and a crash between send and move only sends some events twice (at least once; receivers
 * de-duplicate by event id). A dispatcher that finds the lease taken stops at once: the holder reads
 * the latest seq again after letting go, and that read sees every event committed before our attempt.
 */
export async function runDispatch(env: Env, holder = crypto.randomUUID()): Promise<void> {
  // The common case (every stream up to date, or none at all) is one read and no write.
  if (!(await dispatchBehind(env.DB))) return
  for (let round = 0; round < ROUNDS; round++) {
    const view = await beginDispatch(env.DB, holder, LEASE_MS)
    if (!view.acquired) return
    const behind = view.streams.filter((s) => s.cursor < view.latest)
    const pending = await pendingSeqs(env.DB, behind, view.latest, PER_STREAM_PER_ROUND)
    await sendJobs(env.JOBS, behind.flatMap((s, i) => deliveryJobs(s.id, pending[i]!)))
    // A full page may have more behind it: the cursor stops at its end. Otherwise every event up to `latest` was looked at.
    const moves = behind.map((s, i) => ({ id: s.id, from: s.cursor, to: pending[i]!.length === PER_STREAM_PER_ROUND ? pending[i]!.at(-1)! : view.latest }))
    const latest = await finishDispatch(env.DB, holder, moves)
    if (latest === view.latest && moves.every((m) => m.to === view.latest)) return
  }
  await env.JOBS.send({ type: 'events.dispatch' })
}


/**
 * The API paths whose writes can emit events: organizations, their members and member roles, their
 * connections (both APIs), users, and test events. Invitations, discovery domains and the rest ask for no dispatch.
 */
const EVENT_SOURCES =
  /^\/api\/v2\/(organizations(\/[^/]+(\/members(\/[^/]+\/roles)?|\/(enabled_)?connections(\/[^/]+)?)?)?|users(\/[^/]+)?|event-streams\/[^/]+\/test)$/

/** A successful write that may have committed events. */
export function writesEvents(req: Request, res: Response): boolean {
  return req.method !== 'GET' && req.method !== 'HEAD' && res.status < 300 && EVENT_SOURCES.test(new URL(req.url).pathname)
}

/**
 * After a write commits: ask for a dispatch, without holding up the answer (ctx.waitUntil). A send
 * that fails costs a delay, not an event: the next write or the cron's check enqueues one again.
 */
export async function requestDispatch(env: Env): Promise<void> {
  try {
    await env.JOBS.send({ type: 'events.dispatch' })
  } catch (err) {
    console.error(JSON.stringify({ level: 'error', msg: 'enqueue events.dispatch failed', error: String(err) }))
  }
}
