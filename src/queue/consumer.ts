import { sha256Hex } from '../crypto'
import { clearJobFailure, keepDeadLetter, recordJobFailure } from '../db/jobs'
import type { Env } from '../env'
import { runInvitationEmail } from './invitation-email'
import { runCleanup } from './cleanup'
import { recordDeadDelivery, runDelivery } from './event-delivery'
import { runDispatch } from './event-dispatch'
import { EventsDeliverJob, Job } from './jobs'

/** Must match `max_retries` of the JOBS consumer in wrangler.toml. */
export const MAX_RETRIES = 5
export const DEAD_LETTER_QUEUE = 'edge-orgs-dlq'

/** Exponential backoff in seconds: 10, 20, 40, ... capped at 10 minutes. */
export const backoff = (attempts: number) => Math.min(600, 10 * 2 ** Math.max(0, attempts - 1))

/**
 * The messages of a batch run side by side: a delivery to a webhook that takes its whole timeout
 * holds up no other stream's delivery, nor a cleanup or an email (every job is idempotent, and each
 * is acked or retried on its own).
 */
export async function consumeBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const handle = batch.queue === DEAD_LETTER_QUEUE ? keepDead : runJob
  // Every write asks for a dispatch, all alike: one run answers the asks of a batch (if it fails, its
  // retry does), so the others are acked unrun.
  const repeats = handle === runJob ? batch.messages.filter(isDispatchAsk).slice(1) : []
  for (const msg of repeats) msg.ack()
  await Promise.all(batch.messages.filter((msg) => !repeats.includes(msg)).map((msg) => handle(msg, env)))
}

const isDispatchAsk = (msg: Message<unknown>) => (msg.body as { type?: unknown } | null)?.type === 'events.dispatch'

async function runJob(msg: Message<unknown>, env: Env): Promise<void> {
  const body = JSON.stringify(msg.body)
  const bodyHash = await sha256Hex(body)
  const parsed = Job.safeParse(msg.body)
  if (!parsed.success) {
    // Retrying cannot fix a malformed body: keep it as a dead letter at once.
    await keepDeadLetter(env.DB, { bodyHash, jobType: jobType(msg.body), body, attempts: msg.attempts, reason: `invalid job body: ${parsed.error.issues[0]?.message ?? 'unknown'}` })
    log('dead_letter', jobType(msg.body), msg, 'invalid body')
    msg.ack()
    return
  }
  const started = Date.now()
  try {
    await dispatch(parsed.data, env)
    if (msg.attempts > 1) await clearJobFailure(env.DB, bodyHash)
    // Every write enqueues a dispatch: its own log says when it sent anything.
    if (parsed.data.type !== 'events.dispatch') log('done', parsed.data.type, msg, undefined, Date.now() - started)
    msg.ack()
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err)
    await recordJobFailure(env.DB, bodyHash, reason, msg.attempts).catch(() => undefined)
    log('retry', parsed.data.type, msg, reason, Date.now() - started)
    msg.retry({ delaySeconds: backoff(msg.attempts) })
  }
}

function dispatch(job: Job, env: Env): Promise<void> {
  switch (job.type) {
    case 'organization.cleanup':
    case 'dependents.cleanup':
      return runCleanup(job, env)
    case 'invitation.email':
      return runInvitationEmail(job, env)
    case 'events.dispatch':
      return runDispatch(env)
    case 'events.deliver':
      return runDelivery(job, env)
  }
}

/** Consumer of the dead-letter queue: every message that ran out of retries is kept in D1 with its reason. */
async function keepDead(msg: Message<unknown>, env: Env): Promise<void> {
  const body = JSON.stringify(msg.body)
  await keepDeadLetter(env.DB, { bodyHash: await sha256Hex(body), jobType: jobType(msg.body), body, attempts: msg.attempts })
  const deliver = EventsDeliverJob.safeParse(msg.body)
  if (deliver.success) await recordDeadDelivery(deliver.data, env)
  log('dead_letter', jobType(msg.body), msg, 'retries exhausted')
  msg.ack()
}

function jobType(body: unknown): string | null {
  const type = (body as { type?: unknown } | null)?.type
  return typeof type === 'string' ? type : null
}

function log(outcome: string, type: string | null, msg: Message<unknown>, reason?: string, ms?: number) {
  console.log(JSON.stringify({ job: type, outcome, id: msg.id, attempts: msg.attempts, ...(reason && { reason }), ...(ms !== undefined && { ms }) }))
}
