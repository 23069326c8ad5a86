import { exports } from 'cloudflare:workers'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { REASONS } from '../../src/http/error-response'
import { call } from '../helpers/api'
import { runPendingCleanups } from '../helpers/queue'
import { Fixtures } from './fixtures'
import { caseArbitrary, caseUrl, type Case, type DocOperation } from './requests'
import type { Schema } from './schema-arbitrary'
import { changedTables, snapshot, type Snapshot } from './snapshot'

/**
 * Property-based fuzzing of every operation in our OpenAPI document (GET /api/v2/openapi.json, read
 * as JSON: whatever operation the document gains is fuzzed too). Each case is one request through the
 * Worker's fetch (test/helpers/api.ts `call`, which also holds the answer to Auth0's contract and to
 * our document: a status the document does not list fails there). Every answer: no 5xx; an error is
 * Auth0's body with its own status; a refused request, and any read, leaves every table as it was. A request broken
 * on purpose is refused with 400 (413 when too large) and the errorCode of the part that is broken.
 *
 * `npm test` runs a few cases per operation from a fixed seed; `npm run fuzz` many, from a random one
 * (scripts/fuzz.mjs). A failure names its seed, operation and fast-check path: FUZZ_SEED, FUZZ_OP and
 * FUZZ_PATH replay it.
 */
const settings = inject('fuzz')
const ERROR_CODES = { path: 'invalid_uri', query: 'invalid_query_string', body: 'invalid_body' } as const

const document = (await (await exports.default.fetch(new Request('https://edge-orgs.test/api/v2/openapi.json'))).json()) as Schema
const schemas = document.components.schemas as Record<string, Schema>
const resolve = (schema: Schema): Schema => (schema?.$ref ? resolve(schemas[String(schema.$ref).split('/').pop()!]!) : schema ?? {})

const operations: DocOperation[] = Object.entries(document.paths as Record<string, Record<string, Schema>>).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, op]) => ({
    method: method.toUpperCase(),
    path,
    operationId: op.operationId,
    // Header parameters (Idempotency-Key, If-Match, ...) are ours, tested on their own: the fuzz sends path and query.
    parameters: (op.parameters ?? []).filter((p: { in: string }) => p.in === 'path' || p.in === 'query'),
    body: op.requestBody?.content?.['application/json']?.schema,
    statuses: Object.keys(op.responses).map(Number),
  })),
)

const fixtures = new Fixtures()
beforeAll(() => fixtures.create(), 120_000)

/** Answers per operation, by case kind and status: printed after a run, so a report can say what was reached. */
const tally = new Map<string, Map<string, number>>()
function count(op: DocOperation, kind: Case['kind'], status: number) {
  const byOutcome = tally.get(`${op.method} ${op.path}`) ?? new Map<string, number>()
  const key = `${kind} ${status}`
  byOutcome.set(key, (byOutcome.get(key) ?? 0) + 1)
  tally.set(`${op.method} ${op.path}`, byOutcome)
}
afterAll(() => {
  const total = [...tally.values()].reduce((n, m) => n + [...m.values()].reduce((a, b) => a + b, 0), 0)
  const lines = [...tally].map(([op, m]) => `  ${op}: ${[...m].sort().map(([k, n]) => `${k}×${n}`).join(', ')}`)
  console.log(`fuzz: seed ${settings.seed}, ${settings.runs} cases per operation, ${tally.size} operations, ${total} requests${settings.report ? `\n${lines.join('\n')}` : ''}`)
})

async function send(op: DocOperation, c: Case) {
  const url = caseUrl(op, c)
  if (c.raw) return { url, res: await call(op.method, url, undefined, { rawBody: c.raw.text, headers: { 'content-type': c.raw.contentType } }) }
  return { url, res: await call(op.method, url, c.body === undefined ? undefined : c.body) }
}

/** The tables as the last case left them, while nothing has written since: the next case's "before". */
let unchangedSince: Snapshot | undefined

async function check(op: DocOperation, generated: Case): Promise<void> {
  if (await fixtures.ensure()) unchangedSince = undefined
  const c = fixtures.resolve(generated)
  const before = unchangedSince ?? (await snapshot())
  unchangedSince = undefined
  const { url, res } = await send(op, c)
  count(op, c.kind, res.status)
  const where = `${op.method} ${url} → ${res.status} ${JSON.stringify(res.body)?.slice(0, 300)}`
  expect(res.status, where).toBeLessThan(500)
  expect(op.statuses, where).toContain(res.status)
  if (res.status >= 400) expect(res.body, where).toMatchObject({ statusCode: res.status, error: REASONS[res.status], message: expect.any(String) })
  if (res.status >= 400 || op.method === 'GET') {
    const after = await snapshot()
    expect(changedTables(before, after), `${where}: ${op.method === 'GET' ? 'a read' : 'a refused request'} changed rows`).toEqual([])
    unchangedSince = after
  } else {
    // Deletes leave work for the queue: finish it now, so it cannot land during a later case.
    await runPendingCleanups()
  }
  if (c.kind === 'invalid') {
    if (c.broken === 'size') expect(res.status, where).toBe(413)
    else expect(res.body, where).toMatchObject({ statusCode: 400, errorCode: ERROR_CODES[c.broken!] })
  }
}

describe(`fuzz (seed ${settings.seed}, ${settings.runs} cases per operation)`, () => {
  it('reads every operation from the document', () => {
    expect(operations.length).toBeGreaterThan(40)
  })

  for (const op of operations) {
    const selected = !settings.operation || settings.operation === op.operationId
    it.skipIf(!selected)(`${op.method} ${op.path} (${op.operationId})`, async () => {
      try {
        await fc.assert(
          fc.asyncProperty(caseArbitrary(op, resolve), (c) => check(op, c)),
          { seed: settings.seed, numRuns: settings.runs, ...(settings.path && { path: settings.path }), endOnFailure: settings.runs > 50, includeErrorInReport: true },
        )
      } catch (err) {
        const replay = `replay: FUZZ_SEED=${settings.seed} FUZZ_OP=${op.operationId} FUZZ_RUNS=${settings.runs} npm run fuzz (add FUZZ_PATH=<path> from below for the failing case alone)`
        throw new Error(`${replay}\n${(err as Error).message}`, { cause: err })
      }
    }, 600_000)
  }
})
