import { describe, expect, inject, it } from 'vitest'
import { OPERATIONS } from '../../src/operations'
import { call } from '../helpers/api'

type Json = Record<string, any>

const METHODS = ['get', 'put', 'post', 'delete', 'patch']
const operationsOf = (doc: Json) =>
  Object.entries<Json>(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ key: `${m.toUpperCase()} ${path}`, op: item[m] as Json })),
  )

describe('GET /api/v2/openapi.json', () => {
  it('serves our OpenAPI 3.1 document without a token: the very document linted in Node', async () => {
    const res = await call('GET', '/api/v2/openapi.json', undefined, { token: null })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(res.body.openapi).toBe('3.1.0')
    expect(res.body.servers).toEqual([{ url: 'https://edge-orgs.test/api/v2' }])
    expect(res.body).toEqual(inject('openapi').document)
  })

  it('lints clean with @redocly/cli (recommended rules, no problem of any severity)', () => {
    expect(inject('openapi').lint).toEqual([])
  })

  it('routes each declared operation to its own handler, the name lookup before the id routes', async () => {
    // The document and the router come from the same declarations; this checks the router really serves them.
    const doc = inject('openapi').document as Json
    expect(operationsOf(doc).map((o) => o.key).sort()).toEqual(OPERATIONS.map((op) => `${op.method} ${op.path}`).sort())
    const org = await call('POST', '/api/v2/organizations', { name: 'members' })
    expect(org.status).toBe(201)
    const byName = await call('GET', '/api/v2/organizations/name/members')
    expect(byName.body).toEqual(org.body)
  })

  it("secures each operation with exactly the scopes its declaration demands", () => {
    const doc = inject('openapi').document as Json
    for (const op of OPERATIONS) {
      const described = doc.paths[op.path][op.method.toLowerCase()]
      const expected = op.scopes === 'public' ? [] : [{ bearerAuth: [] }, { oAuth2ClientCredentials: [...op.scopes] }]
      expect(described.security, `${op.method} ${op.path}`).toEqual(expected)
      if (op.scopes === 'public') continue
      for (const scope of op.scopes) expect(doc.components.securitySchemes.oAuth2ClientCredentials.flows.clientCredentials.scopes).toHaveProperty([scope])
    }
    expect(doc.paths['/organizations'].get.security).toEqual([{ bearerAuth: [] }, { oAuth2ClientCredentials: ['read:organizations', 'read:organizations_summary'] }])
    expect(doc.paths['/openapi.json'].get.security).toEqual([])
  })

  it('gives every operation an id, a summary, a success response, and Auth0 error bodies (401/403 when scoped, 400 when it takes input)', () => {
    const doc = inject('openapi').document as Json
    const ids = new Set<string>()
    for (const { key, op } of operationsOf(doc)) {
      expect(op.operationId, key).toEqual(expect.any(String))
      expect(ids.has(op.operationId), `${key}: operationId ${op.operationId} twice`).toBe(false)
      ids.add(op.operationId)
      expect(op.summary, key).toEqual(expect.any(String))
      const statuses = Object.keys(op.responses)
      expect(statuses.some((s) => s.startsWith('2')), key).toBe(true)
      if (key === 'GET /openapi.json') continue
      expect(statuses, key).toEqual(expect.arrayContaining(['401', '403']))
      if (op.parameters?.length || op.requestBody) expect(statuses, key).toContain('400')
      for (const status of statuses.filter((s) => Number(s) >= 400)) {
        expect(op.responses[status].content['application/json'].schema, `${key} ${status}`).toEqual({ $ref: '#/components/schemas/Error' })
      }
    }
  })

  it('resolves every $ref, and uses every component', () => {
    const doc = inject('openapi').document as Json
    const refs = new Set<string>()
    const walk = (node: unknown): void => {
      if (!node || typeof node !== 'object') return
      const ref = (node as Json).$ref
      if (typeof ref === 'string') refs.add(ref)
      Object.values(node).forEach(walk)
    }
    walk(doc)
    const names = Object.keys(doc.components.schemas)
    for (const ref of refs) expect(names.map((n) => `#/components/schemas/${n}`), ref).toContain(ref)
    expect(names.filter((n) => !refs.has(`#/components/schemas/${n}`))).toEqual([])
  })

  it('documents request bodies, query and path parameters with the limits the handlers enforce', () => {
    const doc = inject('openapi').document as Json
    const create = doc.components.schemas[doc.paths['/organizations'].post.requestBody.content['application/json'].schema.$ref.split('/').at(-1)]
    expect(create.required).toEqual(['name'])
    expect(create.additionalProperties).toBe(false)
    expect(create.properties.name).toMatchObject({ type: 'string', minLength: 1, maxLength: 50, format: 'organization-name' })
    expect(create.properties.metadata).toMatchObject({ maxProperties: 25 })
    const list = doc.paths['/organizations'].get.parameters
    expect(list.find((p: Json) => p.name === 'take')).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100 } })
    const member = doc.paths['/organizations/{id}/members/{userId}/roles'].post.parameters
    expect(member.map((p: Json) => [p.name, p.in, p.required])).toEqual([['id', 'path', true], ['userId', 'path', true], ['Idempotency-Key', 'header', false]])
  })
})
