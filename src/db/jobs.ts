import { now } from '../ids'

export async function recordJobFailure(db: D1Database, bodyHash: string, reason: string, attempts: number): Promise<void> {
  await db
    .prepare(
      `INSERT INTO job_failures (body_hash, reason, attempts, updated_at) VALUES (?1, ?2, ?3, ?4)
       ON CONFLICT (body_hash) DO UPDATE SET reason = ?2, attempts = ?3, updated_at = ?4`,
    )
    .bind(bodyHash, reason, attempts, now())
    .run()
}

export async function clearJobFailure(db: D1Database, bodyHash: string): Promise<void> {
  await db.prepare('DELETE FROM job_failures WHERE body_hash = ?').bind(bodyHash).run()
}

/** Keeps a dead job with the reason it failed (the last recorded failure, unless one is given). */
export async function keepDeadLetter(
  db: D1Database,
  letter: { bodyHash: string; jobType: string | null; body: string; attempts: number; reason?: string },
): Promise<void> {
  await db.batch([
    db
      .prepare(
        `INSERT INTO dead_letters (body_hash, job_type, body, reason, attempts, created_at)
         VALUES (?1, ?2, ?3, coalesce(?4, (SELECT reason FROM job_failures WHERE body_hash = ?1), 'retries exhausted'), ?5, ?6)`,
      )
      .bind(letter.bodyHash, letter.jobType, letter.body, letter.reason ?? null, letter.attempts, now()),
    db.prepare('DELETE FROM job_failures WHERE body_hash = ?').bind(letter.bodyHash),
  ])
}

export interface DeadLetter {
  job_type: string | null
  body: string
  reason: string
  attempts: number
}

export async function listDeadLetters(db: D1Database): Promise<DeadLetter[]> {
  const { results } = await db
    .prepare('SELECT job_type, body, reason, attempts FROM dead_letters ORDER BY id')
    .all<DeadLetter>()
  return results
}
