import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { indexOrganization } from '../../src/kv/org-name-index'
import type { Organization } from '../../src/schemas/organization'
import { api, unique } from '../helpers/api'
import { checkContract, matchRoute, type ContractResponse } from '../helpers/contract'
import { CONTRACT_EXCEPTIONS } from '../helpers/contract-exceptions'
import { checkOwnDocument } from '../helpers/openapi-check'

const JSON_TYPE = 'application/json; charset=utf-8'
const res = (status: number, body: unknown): ContractResponse => ({
  status,
  body,
  text: body === undefined ? '' : JSON.stringify(body),
  contentType: body === undefined ? null : JSON_TYPE,
})
const ORG = { id: 'org_abcdefghijklmnop', name: 'acme', third_party_client_access: 'block', is_app_entitlement_active: false }
const GRANT = { client_id: 'KM2Mabcdefghijklmnopqrstuvwxyz12', audience: 'https://api.example.com/', scope: ['read:x'], organization_usage: 'allow', allow_any_organization: true }

describe('the contract checker (every /api/v2 response in the tests goes through it)', () => {
  it('fails a broken Worker response, naming the operation, the status and the violation', async () => {
    // The KV index serves what it holds: plant a malformed organization document and read it back.
    const name = unique('broken')
    await indexOrganization(env.ORG_INDEX, { org: { id: 'org_abcdefghijklmnop', name, display_name: 42 } as unknown as Organization, version: 1 })
    await expect(api.get(`/api/v2/organizations/name/${name}`)).rejects.toThrow(
      'Contract: GET /organizations/name/{name} 200: /display_name must be string',
    )
  })

  it("validates bodies with Auth0's schema for the operation and status", async () => {
    await expect(checkContract('GET', '/api/v2/organizations/org_abcdefghijklmnop', res(200, { ...ORG, name: 5 }))).rejects.toThrow(
      'Contract: GET /organizations/{id} 200: /name must be string',
    )
    await expect(checkContract('GET', '/api/v2/organizations/org_abcdefghijklmnop', res(200, { ...ORG, id: 'nope' }))).rejects.toThrow(
      'Contract: GET /organizations/{id} 200: /id must match format "organization-id"',
    )
    await expect(checkContract('GET', '/api/v2/organizations?take=2', res(200, { organizations: [ORG], nxt: 'x' }))).rejects.toThrow(
      'Contract: GET /organizations 200: (body) must NOT have additional properties (nxt)',
    )
    await expect(checkContract('GET', '/api/v2/organizations/org_abcdefghijklmnop', res(200, ORG))).resolves.toBeUndefined()
  })

  it('fails a body without `name` through our own document, where Auth0 leaves every key optional', async () => {
    const { name: _, ...nameless } = ORG
    await expect(checkContract('GET', '/api/v2/organizations/org_abcdefghijklmnop', res(200, nameless))).resolves.toBeUndefined()
    expect(() => checkOwnDocument('GET', '/api/v2/organizations/org_abcdefghijklmnop', res(200, nameless))).toThrow(
      'OpenAPI (ours): GET /organizations/{id} 200: /name Invalid input: expected string, received undefined',
    )
    expect(() => checkOwnDocument('GET', '/api/v2/organizations', res(200, [{ ...ORG, extra: 1 }]))).toThrow(
      'OpenAPI (ours): GET /organizations 200: /0 Unrecognized key: "extra"',
    )
  })

  it('fails a status the document does not list, and checks error bodies against the Auth0 envelope', async () => {
    await expect(checkContract('POST', '/api/v2/roles', res(201, { id: 'rol_abcdefghijklmnop', name: 'r' }))).rejects.toThrow(
      'Contract: POST /roles 201: status not documented for post_roles (documented: 200, 400, 401, 403, 409, 413, 429)',
    )
    await expect(checkContract('GET', '/api/v2/roles', res(403, { statusCode: 403, error: 'Forbidden' }))).rejects.toThrow(
      "Contract: GET /roles 403: error envelope: (body) must have required property 'message'",
    )
    await expect(checkContract('GET', '/api/v2/roles', res(403, { statusCode: 401, error: 'Forbidden', message: 'x' }))).rejects.toThrow(
      'Contract: GET /roles 403: error envelope: /statusCode is 401',
    )
    await expect(checkContract('DELETE', '/api/v2/organizations/org_abcdefghijklmnop', res(204, { deleted: true }))).rejects.toThrow(
      'Contract: DELETE /organizations/{id} 204: a body where the document describes none',
    )
  })

  it('accepts only errors from paths and methods no document describes', async () => {
    await expect(checkContract('GET', '/api/v2/nowhere', res(200, {}))).rejects.toThrow(
      'Contract: GET /nowhere 200: answered 200, but no contract document describes this path',
    )
    await expect(checkContract('PUT', '/api/v2/organizations/org_abcdefghijklmnop', res(200, ORG))).rejects.toThrow(
      'Contract: PUT /organizations/{id} 200: answered 200, but no contract document describes this method',
    )
    await expect(checkContract('GET', '/api/v2/nowhere', res(404, { statusCode: 404, error: 'Not Found', message: 'Not Found' }))).resolves.toBeUndefined()
    await expect(checkContract('POST', '/oauth/token', res(200, { anything: true }))).resolves.toBeUndefined()
  })

  it('routes paths as Auth0 does: literal segments first, percent-decoded parameters', () => {
    expect(matchRoute('/organizations/name/members')?.template).toBe('/organizations/name/{name}')
    expect(matchRoute('/organizations/members')?.template).toBe('/organizations/{id}')
    expect(matchRoute('/organizations/org_1/members')?.template).toBe('/organizations/{id}/members')
    expect(matchRoute('/users/auth0%7C123/organizations')?.template).toBe('/users/{id}/organizations')
    expect(matchRoute('/organizations/org_1/members/auth0%7C1/roles')?.template).toBe('/organizations/{id}/members/{user_id}/roles')
    expect(matchRoute('/tenants/settings')?.template).toBe('/tenants/settings')
    expect(matchRoute('/organizations/')).toBeUndefined()
  })

  it('applies each recorded divergence from the documents, and only that', async () => {
    const invitation = {
      id: 'uinv_abcdefghijklmnop', client_id: 'GpqJK4fkbWJHtMk6BGzutEssxz5dAJ78', inviter: { name: 'A' }, invitee: { email: 'a@example.com' },
      invitation_url: 'https://app.example.com/login?invitation=x', ticket_id: 'Mh3BJVTaC4nsZImXBzPulFiq5kFP1KLs',
      created_at: '2023-01-25T17:49:32.656Z', expires_at: '2023-02-01T17:49:32.656Z', organization_id: 'org_abcdefghijklmnop',
    }
    await expect(checkContract('POST', '/api/v2/organizations/org_1/invitations', res(201, invitation))).resolves.toBeUndefined()
    await expect(checkContract('POST', '/api/v2/organizations/org_1/invitations', res(201, { ...invitation, ttl_sec: 5 }))).rejects.toThrow(
      'Contract: POST /organizations/{id}/invitations 201: (body) must NOT have additional properties (ttl_sec)',
    )
    const association = { grant_id: 'cgr_abcdefghijklmnop', ...GRANT }
    await expect(checkContract('POST', '/api/v2/organizations/org_1/client-grants', res(201, association))).resolves.toBeUndefined()
    await expect(checkContract('POST', '/api/v2/organizations/org_1/client-grants', res(201, { id: 'cgr_abcdefghijklmnop', ...GRANT }))).rejects.toThrow(
      'must NOT have additional properties (id)',
    )
    const item = { id: 'cgr_abcdefghijklmnop', ...GRANT, subject_type: 'client' }
    await expect(checkContract('GET', '/api/v2/organizations/org_1/client-grants', res(200, [item]))).resolves.toBeUndefined()
    await expect(checkContract('GET', '/api/v2/organizations/org_1/client-grants', res(200, [{ ...item, subject_type: 'robot' }]))).rejects.toThrow(
      "/0/subject_type must be equal to one of the allowed values",
    )
    await expect(checkContract('GET', '/api/v2/organizations?take=50', res(200, { organizations: [ORG] }))).resolves.toBeUndefined()
    await expect(checkContract('DELETE', '/api/v2/roles/rol_abcdefghijklmnop', res(200, { deleted: 1 }))).rejects.toThrow(
      'Contract: DELETE /roles/{id} 200: (body) must NOT have more than 0 properties',
    )
  })

  it('lists every exception with its evidence and reason', () => {
    for (const exception of CONTRACT_EXCEPTIONS) {
      expect(exception.reason.length, JSON.stringify(exception.operations)).toBeGreaterThan(40)
      expect(['REC', 'SPEC', 'DOC', 'SDK', 'INF']).toContain(exception.evidence)
    }
  })
})
