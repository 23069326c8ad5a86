import type { ErrorObject } from 'ajv'
import { operations, validators, type ContractOperation, type Validator } from 'virtual:auth0-contract'
import { REASONS } from '../../src/http/error-response'
import { sseData } from './sse'

/**
 * The contract checker: every response a test receives from /api/v2 is held to Auth0's published
 * schema for its operation and status (shared/contract, compiled by config/contract.ts, with the
 * recorded divergences of contract-exceptions.ts and the local paths of contract-local.ts).
 *
 * - A path and method in a document: the status must be documented; a JSON body is validated with
 *   that status's schema; a status without one must have an empty body, except errors, which must be
 *   Auth0's envelope (its `statusCode` and `error` agreeing with the status).
 * - Any other /api/v2 path or method: only an error in Auth0's envelope is acceptable.
 * - Outside /api/v2 (/oauth/token, /.well-known/jwks.json, /__bench): not the Management API; skipped.
 */
export interface ContractResponse {
  status: number
  /** The body parsed as JSON when the response said so, else its text. */
  body: unknown
  text: string
  contentType: string | null
}

export class ContractViolation extends Error {
  override name = 'ContractViolation'
}

const API_PREFIX = '/api/v2'


interface Route {
  template: string
  segments: string[]
  byMethod: Map<string, ContractOperation>
}

const ROUTES: Route[] = (() => {
  const byTemplate = new Map<string, Route>()
  for (const op of operations) {
    const route = byTemplate.get(op.template) ?? { template: op.template, segments: op.template.split('/').slice(1), byMethod: new Map() }
    route.byMethod.set(op.method, op)
    byTemplate.set(op.template, route)
  }
  return [...byTemplate.values()]
})()

const isParam = (segment: string) => segment.startsWith('{') && segment.endsWith('}')

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/** Literal segments win over parameters, left to right: `/organizations/name/{name}` before `/organizations/{id}/...`. */
function moreSpecific(a: Route, b: Route): number {
  for (let i = 0; i < a.segments.length; i++) {
    const diff = Number(isParam(a.segments[i]!)) - Number(isParam(b.segments[i]!))
    if (diff !== 0) return diff
  }
  return 0
}

/** The document route a request path (below /api/v2, still percent-encoded) falls on, as Auth0 would route it. */
export function matchRoute(path: string): Route | undefined {
  const segments = path.split('/').slice(1).map(decodeSegment)
  return ROUTES.filter(
    (r) => r.segments.length === segments.length && r.segments.every((s, i) => (isParam(s) ? segments[i] !== '' : s === segments[i])),
  ).sort(moreSpecific)[0]
}

const loaded = new Map<string, Promise<Validator>>()

/** Imported once per test file: a repeated dynamic import still costs the module runner a round trip. */
function validator(name: string): Promise<Validator> {
  const load = validators[name]
  if (!load) throw new Error(`contract: no validator ${name}`)
  if (!loaded.has(name)) loaded.set(name, load().then((m) => m.validate))
  return loaded.get(name)!
}

/**
 * Our additions to Auth0's API (Idempotency-Key, ETag conditional requests) answer statuses Auth0
 * never sends, because its clients never send these headers: such answers are held to our own
 * document only (openapi-check.ts).
 */
const EXTENSION_HEADERS = ['idempotency-key', 'if-match', 'if-none-match']
const EXTENSION_STATUSES = [304, 409, 412, 422]

/** Throws a ContractViolation naming the operation, status and first violation when `res` breaks the contract. */
export async function checkContract(method: string, url: string, res: ContractResponse, requestHeaders?: Headers): Promise<void> {
  const pathname = new URL(url, 'https://contract.invalid').pathname
  if (pathname !== API_PREFIX && !pathname.startsWith(`${API_PREFIX}/`)) return
  if (EXTENSION_STATUSES.includes(res.status) && EXTENSION_HEADERS.some((h) => requestHeaders?.has(h))) return
  const path = pathname.slice(API_PREFIX.length)
  const route = matchRoute(path)
  const op = route?.byMethod.get(method.toUpperCase())
  const label = `${method.toUpperCase()} ${route?.template ?? path} ${res.status}`
  const fail = (violation: string): never => {
    throw new ContractViolation(`Contract: ${label}: ${violation}`)
  }
  if (!op) {
    if (res.status < 400) fail(`answered ${res.status}, but no contract document describes this ${route ? 'method' : 'path'}`)
    return checkError(res, fail)
  }
  const documented = Object.keys(op.responses)
  if (!documented.includes(String(res.status))) fail(`status not documented for ${op.operationId} (documented: ${documented.join(', ')})`)
  const streamValidator = op.streams[String(res.status)]
  if (streamValidator) {
    if (!res.contentType?.startsWith('text/event-stream')) fail(`content-type ${res.contentType ?? '(none)'}, expected text/event-stream`)
    const validate = await validator(streamValidator)
    for (const data of sseData(res.text)) {
      let message: unknown
      try {
        message = JSON.parse(data)
      } catch {
        fail(`a message whose data is not JSON: ${data.slice(0, 100)}`)
      }
      if (!validate(message)) fail(`message ${data.slice(0, 60)}…: ${describeErrors(validate.errors ?? [])}`)
    }
    return
  }
  const validatorName = op.responses[String(res.status)]
  if (validatorName) {
    if (!res.contentType?.startsWith('application/json')) fail(`content-type ${res.contentType ?? '(none)'}, expected application/json`)
    const validate = await validator(validatorName)
    if (!validate(res.body)) fail(describeErrors(validate.errors ?? []))
    return
  }
  if (res.status >= 400) return checkError(res, fail)
  if (res.text !== '') fail(`a body where the document describes none: ${res.text.slice(0, 200)}`)
}

async function checkError(res: ContractResponse, fail: (violation: string) => never): Promise<void> {
  if (!res.contentType?.startsWith('application/json')) fail(`error content-type ${res.contentType ?? '(none)'}, expected application/json`)
  const envelope = await validator('auth0Error')
  if (!envelope(res.body)) fail(`error envelope: ${describeErrors(envelope.errors ?? [])}`)
  const body = res.body as { statusCode: number; error: string }
  if (body.statusCode !== res.status) fail(`error envelope: /statusCode is ${body.statusCode}`)
  if (REASONS[res.status] && body.error !== REASONS[res.status]) fail(`error envelope: /error is "${body.error}", expected "${REASONS[res.status]}"`)
}

/**
 * The most telling ajv error: the deepest one; at equal depth a concrete rule before a wrong `type`
 * (the union branch that did not apply) before the failed oneOf/anyOf itself.
 */
export function describeErrors(errors: ErrorObject[]): string {
  const depth = (e: ErrorObject) => (e.instancePath === '' ? 0 : e.instancePath.split('/').length)
  const combinator = (e: ErrorObject) => (e.keyword === 'oneOf' || e.keyword === 'anyOf' ? 2 : e.keyword === 'type' ? 1 : 0)
  // oneOf also fails when several branches match; that is the whole story then.
  const ambiguous = errors.find((e) => e.keyword === 'oneOf' && Array.isArray(e.params.passingSchemas))
  if (ambiguous) return `${ambiguous.instancePath || '(body)'} matches several oneOf branches (${ambiguous.params.passingSchemas.join(', ')})`
  const best = [...errors].sort((a, b) => depth(b) - depth(a) || combinator(a) - combinator(b))[0]
  if (!best) return 'invalid'
  const params = best.params as Record<string, unknown>
  const detail =
    best.keyword === 'additionalProperties'
      ? ` (${String(params.additionalProperty)})`
      : best.keyword === 'enum'
        ? ` (${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')})`
        : ''
  return `${best.instancePath || '(body)'} ${best.message ?? best.keyword}${detail}`
}
