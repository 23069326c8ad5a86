import { z } from 'zod'
import type { CleanupRecord } from '../db/cleanups'

/** Every message on the JOBS queue. Bodies are validated on the way out of the queue, never trusted. */
export const OrganizationCleanupJob = z.object({
  type: z.literal('organization.cleanup'),
  cleanupId: z.string().min(1),
  orgId: z.string().min(1),
})

/** The same chunked deletion for the other cascades that can be large (a role held by 100,000 members, ...). */
export const DependentsCleanupJob = z.object({
  type: z.literal('dependents.cleanup'),
  cleanupId: z.string().min(1),
  kind: z.enum(['user', 'role', 'connection', 'client_grant', 'client', 'resource_server']),
  targetId: z.string().min(1),
})

/** Sends the invitation's email, at most once in effect (the send is claimed on the invitation row). */
export const InvitationEmailJob = z.object({
  type: z.literal('invitation.email'),
  invitationId: z.string().min(1),
})

/** Hands the events committed since the last run to the queue, per event stream (event-dispatch.ts). Cheap when there is nothing new. */
export const EventsDispatchJob = z.object({ type: z.literal('events.dispatch') })

/** Delivers events (outbox seqs) to one stream's webhook (event-delivery.ts); `attempt` counts from 1. */
/** Events per delivery job: one job POSTs at most this many to one stream. */
export const DELIVERY_BATCH = 100

export const EventsDeliverJob = z.object({
  type: z.literal('events.deliver'),
  streamId: z.string().min(1),
  seqs: z.array(z.int().positive()).min(1).max(DELIVERY_BATCH),
  attempt: z.int().min(1),
  /** Sent by a redelivery: a success clears the failed delivery record even on the first attempt. */
  redelivery: z.literal(true).optional(),
})

export const Job = z.discriminatedUnion('type', [OrganizationCleanupJob, DependentsCleanupJob, InvitationEmailJob, EventsDispatchJob, EventsDeliverJob])
export type Job = z.infer<typeof Job>
export type OrganizationCleanupJob = z.infer<typeof OrganizationCleanupJob>
export type DependentsCleanupJob = z.infer<typeof DependentsCleanupJob>
export type InvitationEmailJob = z.infer<typeof InvitationEmailJob>
export type EventsDeliverJob = z.infer<typeof EventsDeliverJob>

/** Delivery jobs for one stream's seqs, DELIVERY_BATCH a job, each starting a fresh set of attempts. */
export function deliveryJobs(streamId: string, seqs: number[], redelivery = false): Job[] {
  const jobs: Job[] = []
  for (let i = 0; i < seqs.length; i += DELIVERY_BATCH) {
    jobs.push({ type: 'events.deliver', streamId, seqs: seqs.slice(i, i + DELIVERY_BATCH), attempt: 1, ...(redelivery && { redelivery: true as const }) })
  }
  return jobs
}

/** Queue `sendBatch` takes at most this many messages. */
export const SEND_LIMIT = 100

/** Sends any number of jobs, SEND_LIMIT a call. */
export async function sendJobs(queue: Queue<Job>, jobs: Job[]): Promise<void> {
  for (let i = 0; i < jobs.length; i += SEND_LIMIT) await queue.sendBatch(jobs.slice(i, i + SEND_LIMIT).map((body) => ({ body })))
}

/** The job that works through a cleanup record. */
export function cleanupJob(record: Pick<CleanupRecord, 'id' | 'kind' | 'target_id'>): Job {
  if (record.kind === 'organization') return { type: 'organization.cleanup', cleanupId: record.id, orgId: record.target_id }
  return { type: 'dependents.cleanup', cleanupId: record.id, kind: record.kind, targetId: record.target_id }
}
