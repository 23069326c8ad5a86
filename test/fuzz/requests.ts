import fc from 'fast-check'
import { paramKind, Ref } from './fixtures'
import { validValue, type Resolve, type Schema } from './schema-arbitrary'
import { invalidValue } from './schema-invalid'

/** An operation as our OpenAPI document describes it. */
export interface DocOperation {
  method: string
  path: string
  operationId: string
  parameters: { name: string; in: 'path' | 'query'; required: boolean; schema: Schema }[]
  body?: Schema
  statuses: number[]
}

export type Where = 'path' | 'query' | 'body'

/**
 * One generated request. `valid`: path, query and body as the document describes them, ids mostly
 * naming fixtures. `invalid`: the same with exactly one part broken by a rule the document states
 * (`broken` says which). `wild`: anything (random JSON, random query keys), checked only for the
 * invariants every answer keeps.
 */
export interface Case {
  kind: 'valid' | 'invalid' | 'wild'
  broken?: Where | 'size'
  path: Record<string, unknown>
  query: [string, unknown][]
  body?: unknown
  raw?: { text: string; contentType: string }
}

const MB = 1024 * 1024

/** A path value that stays in its segment: `.` and `..` would be resolved away by the URL. */
const segment = (a: fc.Arbitrary<unknown>) => a.filter((v) => v !== '.' && v !== '..')

export function caseArbitrary(op: DocOperation, resolve: Resolve): fc.Arbitrary<Case> {
  const pathParams = op.parameters.filter((p) => p.in === 'path')
  const queryParams = op.parameters.filter((p) => p.in === 'query')

  const validPath = fc.record(
    Object.fromEntries(
      pathParams.map((p) => {
        const kind = paramKind(op.path, p.name)
        const random = segment(validValue(p.schema, resolve, p.name))
        return [p.name, kind ? fc.oneof({ weight: 6, arbitrary: fc.constant(new Ref(kind)) }, { weight: 1, arbitrary: random }) : random]
      }),
    ),
  )
  const validQuery = fc
    .tuple(...queryParams.map((p) => fc.option(validValue(p.schema, resolve, p.name), { nil: undefined, freq: 2 }).map((v) => [p.name, v] as [string, unknown])))
    .map((pairs) => pairs.filter(([, v]) => v !== undefined))
  const validBody = op.body ? validValue(op.body, resolve) : fc.constant(undefined)

  const valid = fc.record({ path: validPath, query: validQuery, body: validBody }).map((c) => ({ kind: 'valid' as const, ...c }))
  const invalid = invalidCases(op, resolve, validPath)
  const wild = fc
    .record({
      path: fc.record(Object.fromEntries(pathParams.map((p) => [p.name, segment(fc.oneof(fc.string({ minLength: 1 }), fc.constant(new Ref(paramKind(op.path, p.name) ?? 'org'))))]))),
      query: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...queryParams.map((p) => p.name), 'q'), fc.string()), fc.string()), { maxLength: 4 }),
      body: op.body ? fc.jsonValue({ maxDepth: 3 }) : fc.constant(undefined),
      raw: !op.body ? fc.constant(undefined) : fc.option(
        fc.record({ text: fc.string(), contentType: fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/vnd.api+json') }),
        { nil: undefined, freq: 3 },
      ),
    })
    .map((c) => ({ kind: 'wild' as const, ...c }))
  return fc.oneof(
    { weight: 5, arbitrary: valid },
    ...(invalid ? [{ weight: 4, arbitrary: invalid }] : []),
    { weight: 1, arbitrary: wild },
  )
}

/** Cases with one part broken: a path parameter, a query parameter, or the body. The other parts stay valid (the query empty). */
function invalidCases(op: DocOperation, resolve: Resolve, validPath: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Case> | null {
  const options: fc.Arbitrary<Case>[] = []
  for (const p of op.parameters) {
    const bad = p.in === 'path' ? badPathValue(p.schema) : badQueryValue(resolve(p.schema), resolve)
    if (!bad) continue
    const broken: Where = p.in
    options.push(fc.tuple(validPath, bad).map(([path, value]) => (p.in === 'path' ? { kind: 'invalid', broken, path: { ...path, [p.name]: value }, query: [] } : { kind: 'invalid', broken, path, query: [[p.name, value]] })))
  }
  if (op.body) {
    const bad = invalidValue(op.body, resolve)
    if (bad) options.push(fc.tuple(validPath, bad).map(([path, body]) => ({ kind: 'invalid', broken: 'body', path, query: [], body })))
    const raw = fc.oneof(
      fc.constantFrom('{', '{"a":', '[1,]', "{'a':1}", 'nul', '{"a":1}}').map((text) => ({ text, contentType: 'application/json' })),
      fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data').map((contentType) => ({ text: '{}', contentType })),
    )
    options.push(fc.tuple(validPath, raw).map(([path, r]) => ({ kind: 'invalid', broken: 'body', path, query: [], raw: r })))
    options.push(validPath.map((path) => ({ kind: 'invalid', broken: 'size', path, query: [], raw: { text: `{"a":"${'x'.repeat(MB)}"}`, contentType: 'application/json' } })))
  }
  return options.length ? fc.oneof(...options) : null
}

function badPathValue(schema: Schema): fc.Arbitrary<string> | null {
  return schema.maxLength !== undefined ? fc.constant('x'.repeat(schema.maxLength + 1)) : null
}

/** Query strings carry text, so a value breaks its parameter only by text the parameter refuses. */
function badQueryValue(s: Schema, resolve: Resolve): fc.Arbitrary<unknown> | null {
  const type = Array.isArray(s.type) ? undefined : s.type
  if (s.anyOf || s.oneOf) return null
  if (type === 'integer') {
    return fc.constantFrom(...['fuzz', '1.5', '', ...(s.maximum !== undefined ? [String(s.maximum + 1)] : []), ...(s.minimum !== undefined ? [String(s.minimum - 1)] : [])])
  }
  if (type === 'boolean') return fc.constantFrom('yes', '1', 'TRUE', '')
  if (type === 'string') {
    if (s.enum) return fc.constant('not-one-of-the-enum')
    if (s.maxLength !== undefined) return fc.constant('x'.repeat(s.maxLength + 1))
    if (s.pattern) return fc.constantFrom('~', 'a b', ',').filter((v) => !new RegExp(s.pattern).test(v))
  }
  if (type === 'array' && s.maxItems !== undefined) {
    return fc.array(validValue(s.items ?? {}, resolve), { minLength: s.maxItems + 1, maxLength: s.maxItems + 1 })
  }
  return null
}

/** The request URL (below the origin) of a case whose Refs are resolved. */
export function caseUrl(op: DocOperation, c: Case): string {
  // A lone surrogate cannot be percent-encoded: it becomes U+FFFD, as URLSearchParams does.
  const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v) ?? '').replace(/[\uD800-\uDFFF]/gu, '\uFFFD')
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(text(c.path[name])))
  const query = new URLSearchParams()
  for (const [key, value] of c.query) for (const v of Array.isArray(value) ? value : [value]) query.append(key, text(v))
  const qs = query.toString()
  return `/api/v2${path}${qs ? `?${qs}` : ''}`
}
