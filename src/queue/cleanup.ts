import { deleteDependentsChunk, findCleanup, finishCleanup, type CleanupRecord } from '../db/cleanups'
import type { Env } from '../env'
import { cleanupJob, type DependentsCleanupJob, type OrganizationCleanupJob } from './jobs'

/**
 * Chunk batches per invocation. A batch holds one statement per dependent table (at most 8), each
 * touching at most CHUNK rows: 40 batches stay far inside D1's 1,000 queries per invocation and the
 * Worker's CPU limit, however large the deleted thing was.
 */
export const BATCHES_PER_RUN = 40

/** Tables whose row must be gone before its dependents may go (users are excluded: their ids can be re-used). */
const OWNER_TABLE: Partial<Record<CleanupRecord['kind'], [string, string]>> = {
  organization: ['organizations', 'id'],
  role: ['roles', 'id'],
  connection: ['connections', 'id'],
  client_grant: ['client_grants', 'id'],
  client: ['clients', 'client_id'],
  resource_server: ['resource_servers', 'id'],
}

/**
 * Deletes what a deleted org (or role, user, connection, client grant) left behind, chunk by chunk,
 * re-enqueuing itself until nothing is left, then marks the record done. Every step is "delete
 * rows naming this id, created before the delete", so a crash or redelivery at any point converges
 * on the same end state, and nothing of another org (even one that took the same name: it has
 * another id) is touched.
 */
export async function runCleanup(
  job: OrganizationCleanupJob | DependentsCleanupJob,
  env: Env,
  batchesPerRun = BATCHES_PER_RUN,
): Promise<void> {
  const record = await findCleanup(env.DB, job.cleanupId)
  if (!record || record.state === 'done') return
  const owner = OWNER_TABLE[record.kind]
  if (owner && (await env.DB.prepare(`SELECT 1 FROM ${owner[0]} WHERE ${owner[1]} = ?`).bind(record.target_id).first())) {
    throw new Error(`${record.kind} ${record.target_id} still exists: refusing to delete its dependents`)
  }
  for (let i = 0; i < batchesPerRun; i++) {
    if ((await deleteDependentsChunk(env.DB, record)) === 0) {
      await finishCleanup(env.DB, record.id)
      return
    }
  }
  await env.JOBS.send(cleanupJob(record))
}
