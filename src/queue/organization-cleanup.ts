import { deleteOrganizationChunk, findCleanup, finishCleanup, organizationExists } from '../db/cleanups'
import type { Env } from '../env'
import type { OrganizationCleanupJob } from './jobs'

/** Chunk batches per invocation: 5 statements each, far inside D1's 1,000 queries per invocation. */
const BATCHES_PER_RUN = 40

/**
 * Deletes a deleted organization's dependents chunk by chunk, then re-enqueues itself until nothing
 * is left. Every step is a plain "delete rows of this org id", so a crash or a redelivery at any
 * point converges on the same end state, and other orgs (even one that took the same name, which
 * has another id) are never touched.
 */
export async function runOrganizationCleanup(job: OrganizationCleanupJob, env: Env): Promise<void> {
  const record = await findCleanup(env.DB, job.cleanupId)
  if (!record || record.state === 'done') return
  // Ids are never reused, but a job for an org that still exists would be a bug: refuse to delete.
  if (await organizationExists(env.DB, job.orgId)) throw new Error(`organization ${job.orgId} still exists`)
  for (let i = 0; i < BATCHES_PER_RUN; i++) {
    if ((await deleteOrganizationChunk(env.DB, job.orgId)) === 0) {
      await finishCleanup(env.DB, job.cleanupId)
      return
    }
  }
  await env.JOBS.send(job)
}
