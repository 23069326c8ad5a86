/**
 * Idempotency keys: a keyed request's claim and its kept answer, one row per (client, key). The
 * claim is written in the same db.batch() as the request's first write, so a write never commits
 * without the key that made it, and a second request with the key cannot write at all (its batch
 * fails on the primary key and rolls back whole). The answer joins that batch too when the request
 * knows it before writing (see `claimingD1`); otherwise it is stored right after.
 */

export interface KeptAnswer {
  status: number
  headers: Record<string, string>
  body: string | null
}

export interface KeyRecord {
  fingerprint: string
  answer: KeptAnswer | null
  createdAt: string
}

export interface Claim {
  clientId: string
  key: string
  fingerprint: string
  /** The answer, when known before the write: kept in the same batch. */
  answer?: KeptAnswer
}

/** 24 hours, as Stripe keeps them. */
export const KEEP_MS = 24 * 3600 * 1000

export function claimStatement(db: D1Database, claim: Claim, at = new Date()): D1PreparedStatement {
  const { answer } = claim
  return db
    .prepare(
      `INSERT INTO idempotency_keys (client_id, key, fingerprint, status, headers, body, created_at, expires_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)`,
    )
    .bind(
      claim.clientId,
      claim.key,
      claim.fingerprint,
      answer?.status ?? null,
      answer ? JSON.stringify(answer.headers) : null,
      answer?.body ?? null,
      at.toISOString(),
      new Date(at.getTime() + KEEP_MS).toISOString(),
    )
}

interface KeyRow {
  fingerprint: string
  status: number | null
  headers: string | null
  body: string | null
  created_at: string
}

export async function findKey(db: D1Database, clientId: string, key: string, now = new Date()): Promise<KeyRecord | null> {
  const row = await db
    .prepare('SELECT fingerprint, status, headers, body, created_at FROM idempotency_keys WHERE client_id = ? AND key = ? AND expires_at > ?')
    .bind(clientId, key, now.toISOString())
    .first<KeyRow>()
  if (!row) return null
  const answer = row.status === null ? null : { status: row.status, headers: JSON.parse(row.headers ?? '{}'), body: row.body }
  return { fingerprint: row.fingerprint, answer, createdAt: row.created_at }
}

/**
 * Keeps the answer of a claim made without one; with `replace`, also corrects one kept in advance
 * that the request did not end with (its write changed nothing: e.g. the organization was gone).
 */
export async function keepAnswer(db: D1Database, clientId: string, key: string, answer: KeptAnswer, replace = false): Promise<void> {
  await db
    .prepare('UPDATE idempotency_keys SET status = ?3, headers = ?4, body = ?5 WHERE client_id = ?1 AND key = ?2 AND (?6 OR status IS NULL)')
    .bind(clientId, key, answer.status, JSON.stringify(answer.headers), answer.body, replace ? 1 : 0)
    .run()
}

/** A claim whose request died before it could keep an answer (nothing to replay): let the key be used again. */
export async function releaseClaim(db: D1Database, clientId: string, key: string, createdAt: string): Promise<void> {
  await db
    .prepare('DELETE FROM idempotency_keys WHERE client_id = ? AND key = ? AND created_at = ? AND status IS NULL')
    .bind(clientId, key, createdAt)
    .run()
}

/** The cron's chunked delete of expired keys; returns the rows deleted. */
export async function deleteExpiredKeys(db: D1Database, now: string, chunk: number): Promise<number> {
  const result = await db
    .prepare('DELETE FROM idempotency_keys WHERE rowid IN (SELECT rowid FROM idempotency_keys WHERE expires_at <= ? LIMIT ?)')
    .bind(now, chunk)
    .run()
  return result.meta.changes ?? 0
}

/** Thrown by `claimingD1` when the key already has a row: the request must not run its write. */
export class KeyTaken extends Error {
  override name = 'KeyTaken'
  constructor() {
    super('idempotency key already claimed')
  }
}

const WRITE = /^\s*(WITH\b[\s\S]*?\b)?(INSERT|UPDATE|DELETE|REPLACE)\b/i
const isWrite = (sql: string) => WRITE.test(sql)

/**
 * The request's D1 binding for a keyed request: its first write (a batch with a writing statement,
 * or a single writing statement) carries the claim as its first statement. The claim's primary key
 * makes a concurrent or repeated request with the same key fail that whole batch: `KeyTaken`.
 * `claim()` is read when the write happens, so an answer the handler prepares before it goes in too.
 */
export function claimingD1(db: D1Database, claim: () => Claim): { db: D1Database; claimed: () => boolean } {
  let done = false
  const sqlOf = new WeakMap<object, string>()
  // D1 wants its own statement objects in a batch, not proxies of them.
  const originals = new WeakMap<object, D1PreparedStatement>()
  const unwrap = (s: D1PreparedStatement) => originals.get(s) ?? s
  const track = (statement: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const wrapped = new Proxy(statement, {
      get(target, prop) {
        if (prop === 'bind') return (...values: unknown[]) => track(target.bind(...values), sql)
        if (!done && isWrite(sql) && (prop === 'run' || prop === 'all' || prop === 'first')) {
          return async (column?: string) => {
            const [, result] = await claimed([target])
            if (prop === 'first') {
              const row = (result!.results[0] ?? null) as Record<string, unknown> | null
              return column === undefined || row === null ? row : row[column]
            }
            return result
          }
        }
        const value = Reflect.get(target, prop)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    sqlOf.set(wrapped, sql)
    originals.set(wrapped, statement)
    return wrapped
  }
  const claimed = async (statements: D1PreparedStatement[]): Promise<D1Result[]> => {
    done = true
    try {
      return await db.batch([claimStatement(db, claim()), ...statements.map(unwrap)])
    } catch (err) {
      if (err instanceof Error && /idempotency_keys/.test(err.message)) throw new KeyTaken()
      throw err
    }
  }
  const proxy = new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') return (sql: string) => track(target.prepare(sql), sql)
      if (prop === 'batch') {
        return async (statements: D1PreparedStatement[]) => {
          if (done || !statements.some((s) => isWrite(sqlOf.get(s) ?? ''))) return target.batch(statements.map(unwrap))
          return (await claimed(statements)).slice(1)
        }
      }
      const value = Reflect.get(target, prop)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return { db: proxy, claimed: () => done }
}
