import type { z } from 'zod'
import { API_BASE, bySpecificity, type Operation } from '../../src/http/operation'
import { errorStatuses } from '../../src/openapi/document'
import { ErrorResponse } from '../../src/openapi/responses'
import { OPERATIONS } from '../../src/operations'
import { ContractViolation, type ContractResponse } from './contract'
import { sseData } from './sse'

/**
 * The second check every /api/v2 response in the tests goes through: it must be what OUR OpenAPI
 * document (GET /api/v2/openapi.json) promises for its operation and status, validated with the zod
 * response schemas the document is generated from. Auth0's schemas leave most keys optional; ours
 * say exactly what we send, so this is what catches, say, an organization without its `name`.
 */
const ROUTES = [...OPERATIONS].sort(bySpecificity)
const isParam = (segment: string) => segment.startsWith('{')

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/** Our operation for a request path below /api/v2, literal segments winning over parameters as in the router. */
function findOperation(method: string, path: string): Operation | undefined {
  const segments = path.split('/').slice(1).map(decode)
  return ROUTES.find((op) => {
    const template = op.path.split('/').slice(1)
    return op.method === method && template.length === segments.length && template.every((s, i) => (isParam(s) ? segments[i] !== '' : s === segments[i]))
  })
}

export function checkOwnDocument(method: string, url: string, res: ContractResponse): void {
  const pathname = new URL(url, 'https://contract.invalid').pathname
  if (!pathname.startsWith(`${API_BASE}/`)) return
  const doc = findOperation(method.toUpperCase(), pathname.slice(API_BASE.length))
  if (!doc) return // not a route we serve: the Auth0 check demands an error envelope
  const label = `${doc.method} ${doc.path} ${res.status}`
  const fail = (violation: string): never => {
    throw new ContractViolation(`OpenAPI (ours): ${label}: ${violation}`)
  }
  if (res.status === 304 && doc.conditional === 'read') {
    if (res.text !== '') fail(`a 304 with a body: ${res.text.slice(0, 200)}`)
    return
  }
  const success = doc.responses[res.status]
  if (success?.mediaType === 'text/event-stream') {
    if (!res.contentType?.startsWith('text/event-stream')) fail(`content-type ${res.contentType ?? '(none)'}, expected text/event-stream`)
    for (const data of sseData(res.text)) validate(success.schema!, JSON.parse(data), fail)
    return
  }
  if (success) {
    if (success.schema) return validate(success.schema, res.body, fail)
    if (res.text !== '') fail(`a body where our document describes none: ${res.text.slice(0, 200)}`)
    return
  }
  if (!errorStatuses(doc).includes(res.status)) fail(`status not in our document (${[...Object.keys(doc.responses), ...errorStatuses(doc)].join(', ')})`)
  validate(ErrorResponse, res.body, fail)
}

function validate(schema: z.ZodType, body: unknown, fail: (violation: string) => never): void {
  const result = schema.safeParse(body)
  if (result.success) return
  const { path, message } = deepest(result.error.issues[0]!)
  fail(`${path.length ? `/${path.join('/')}` : '(body)'} ${message}`)
}

/** A failed union (our list bodies) reports the branch issue that got furthest into the body. */
function deepest(issue: z.core.$ZodIssue): { path: PropertyKey[]; message: string } {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return { path: issue.path, message: issue.message }
  const inner = issue.errors.flat().map(deepest).sort((a, b) => b.path.length - a.path.length)[0]!
  return { path: [...issue.path, ...inner.path], message: inner.message }
}
