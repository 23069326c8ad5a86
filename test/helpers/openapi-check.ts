import type { z } from 'zod'
import { errorStatuses, OPERATIONS } from '../../src/openapi/document'
import { ErrorResponse } from '../../src/openapi/responses'
import { API_BASE, servedRoutes, type ServedRoute } from '../../src/openapi/served'
import { router } from '../../src/router'
import { ContractViolation, type ContractResponse } from './contract'

/**
 * The second check every /api/v2 response in the tests goes through: it must be what OUR OpenAPI
 * document (GET /api/v2/openapi.json) promises for its operation and status, validated with the zod
 * response schemas the document is generated from. Auth0's schemas leave most keys optional; ours
 * say exactly what we send, so this is what catches, say, an organization without its `name`.
 */
const ROUTES = servedRoutes(router).routes
const isParam = (segment: string) => segment.startsWith('{')

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/** Our route for a request path below /api/v2, literal segments winning over parameters as in the router. */
function findRoute(method: string, path: string): ServedRoute | undefined {
  const segments = path.split('/').slice(1).map(decode)
  const candidates = ROUTES.filter((r) => {
    const template = r.path.split('/').slice(1)
    return r.method === method && template.length === segments.length && template.every((s, i) => (isParam(s) ? segments[i] !== '' : s === segments[i]))
  })
  const literals = (r: ServedRoute) => r.path.split('/').map((s) => (isParam(s) ? '1' : '0')).join('')
  return candidates.sort((a, b) => literals(a).localeCompare(literals(b)))[0]
}

export function checkOwnDocument(method: string, url: string, res: ContractResponse): void {
  const pathname = new URL(url, 'https://contract.invalid').pathname
  if (!pathname.startsWith(`${API_BASE}/`)) return
  const route = findRoute(method.toUpperCase(), pathname.slice(API_BASE.length))
  if (!route) return // not a route we serve: the Auth0 check demands an error envelope
  const doc = OPERATIONS[`${route.method} ${route.path}`]!
  const label = `${route.method} ${route.path} ${res.status}`
  const fail = (violation: string): never => {
    throw new ContractViolation(`OpenAPI (ours): ${label}: ${violation}`)
  }
  const success = doc.responses[res.status]
  if (success) {
    if (success.schema) return validate(success.schema, res.body, fail)
    if (res.text !== '') fail(`a body where our document describes none: ${res.text.slice(0, 200)}`)
    return
  }
  if (!errorStatuses(route, doc).includes(res.status)) fail(`status not in our document (${[...Object.keys(doc.responses), ...errorStatuses(route, doc)].join(', ')})`)
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
