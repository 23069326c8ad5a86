import { sha256Hex } from '../crypto'
import { claimingD1, findKey, KeyTaken, keepAnswer, releaseClaim, type KeptAnswer } from '../db/idempotency'
import type { Env } from '../env'
import { ApiError } from '../errors'
import { errorResponse } from './error-response'

/**
 * `Idempotency-Key` (Stripe's header; Auth0 has none): a POST, or a PATCH/DELETE with a body, sent
 * again with the same key by the same client gets the first answer back, without running again.
 * Requests without the header behave exactly as before.
 */
export const IDEMPOTENCY_KEY = 'idempotency-key'
export const REPLAYED = 'idempotent-replayed'

const PRINTABLE = /^[\x20-\x7e]{1,255}$/

/** How long a repeat waits for the first request's answer before answering 409 `idempotency_in_progress`. */
const WAIT_MS = 5000
const POLL_MS = 100
/** A claim this old without an answer belongs to a request that died: the key may be used again. */
const ABANDONED_MS = 60_000

/** The key of the request, or null without the header; a malformed one is a 400. */
export function idempotencyKey(req: Request): string | null {
  const key = req.headers.get(IDEMPOTENCY_KEY)
  if (key === null) return null
  if (!PRINTABLE.test(key)) {
    throw new ApiError('invalid_idempotency_key', 'Idempotency-Key must be 1 to 255 printable ASCII characters.')
  }
  return key
}

/** What makes two requests "the same": method, path with query, and the body's bytes. */
export async function fingerprint(req: Request): Promise<string> {
  const url = new URL(req.url)
  const body = req.body ? await req.clone().text() : ''
  return sha256Hex(`${req.method} ${url.pathname}${url.search}\n${body}`)
}

export interface Keyed {
  clientId: string
  key: string
  fingerprint: string
}

/**
 * Runs `handle` with a D1 binding whose first write also claims the key (and keeps `prepared()`,
 * the answer, when the handler knew it before writing). A request that finds the key taken answers
 * from the kept row instead of running its write.
 */
export async function runKeyed(
  env: Env,
  keyed: Keyed,
  prepared: () => KeptAnswer | undefined,
  handle: (db: D1Database) => Promise<Response>,
): Promise<Response> {
  const claiming = claimingD1(env.DB, () => ({ ...keyed, answer: prepared() }))
  let response: Response
  try {
    response = await handle(claiming.db)
  } catch (err) {
    if (err instanceof KeyTaken) return answerFromKey(env.DB, keyed)
    response = errorResponse(err)
  }
  if (!claiming.claimed()) return response // nothing was written: a repeat may simply run again
  const answer = await keptForm(response)
  const kept = prepared()
  if (!kept || !sameAnswer(kept, answer)) await keepAnswer(env.DB, keyed.clientId, keyed.key, answer, kept !== undefined)
  return new Response(answer.body, { status: answer.status, headers: answer.headers })
}

async function keptForm(response: Response): Promise<KeptAnswer> {
  const headers: Record<string, string> = {}
  for (const name of ['content-type', 'etag']) {
    const value = response.headers.get(name)
    if (value !== null) headers[name] = value
  }
  const body = response.body ? await response.text() : null
  return { status: response.status, headers, body: body === '' ? null : body }
}

const sameAnswer = (a: KeptAnswer, b: KeptAnswer) =>
  a.status === b.status && a.body === b.body && JSON.stringify(a.headers) === JSON.stringify(b.headers)

/** The key is taken: replay its answer, wait for it, or refuse a different request that reuses it. */
async function answerFromKey(db: D1Database, keyed: Keyed): Promise<Response> {
  for (const started = Date.now(); ; await sleep(POLL_MS)) {
    const record = await findKey(db, keyed.clientId, keyed.key)
    if (record && record.fingerprint !== keyed.fingerprint) {
      return errorResponse(new ApiError('idempotency_key_reused', 'This Idempotency-Key was used with a different request (method, path or body).'))
    }
    if (record?.answer) {
      const { status, headers, body } = record.answer
      return new Response(body, { status, headers: { ...headers, [REPLAYED]: 'true' } })
    }
    if (record && Date.now() - Date.parse(record.createdAt) > ABANDONED_MS) {
      await releaseClaim(db, keyed.clientId, keyed.key, record.createdAt)
      break
    }
    if (Date.now() - started > WAIT_MS) break
  }
  return errorResponse(new ApiError('idempotency_in_progress', 'A request with this Idempotency-Key is still being processed. Retry it later.'))
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
