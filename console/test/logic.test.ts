// The console's pure logic, in Node: the bodies forms send, how entries and pages are read, how
// failures are put into words.
import { describe, expect, test } from 'vitest'
import { ApiFailure, createApi, readResponse } from '../src/lib/api'
import { parseEntries, isEmail, membersCsv } from '../src/lib/members'
import { createBody, draftProblems, patchBody, toDraft } from '../src/lib/org-draft'
import { checkpointPage, offsetPage } from '../src/lib/paging'
import { parseRoute } from '../src/lib/route'
import { ttlSeconds } from '../src/lib/format'

const org = {
  id: 'org_1234567890abcdef',
  name: 'acme',
  display_name: 'Acme',
  branding: { colors: { primary: '#000000', page_background: '#ffffff' } },
  metadata: { a: '1', b: '2' },
  third_party_client_access: 'block' as const,
  is_app_entitlement_active: false,
}

describe('organization bodies', () => {
  test('an unchanged form sends nothing; key order in metadata is not a change', () => {
    const draft = toDraft(org)
    expect(patchBody(org, draft)).toEqual({})
    expect(patchBody(org, { ...draft, metadata: [...draft.metadata].reverse() })).toEqual({})
  })

  test('PATCH sends only what changed: metadata whole, branding null when emptied', () => {
    const draft = { ...toDraft(org), display_name: 'Acme 2', metadata: [{ key: 'a', value: '1' }], primary: '', page_background: '' }
    expect(patchBody(org, draft)).toEqual({ display_name: 'Acme 2', metadata: { a: '1' }, branding: null })
  })

  test('POST leaves out what is empty and always states the access fields', () => {
    expect(createBody({ ...toDraft(), name: ' new-org ' })).toEqual({ name: 'new-org', third_party_client_access: 'block', is_app_entitlement_active: false })
  })

  test('problems the API would refuse are caught first', () => {
    expect(draftProblems({ ...toDraft(), primary: '#fff' })).toHaveProperty('branding.colors')
    expect(draftProblems({ ...toDraft(), primary: 'red', page_background: '#fff' })).toHaveProperty(['branding.colors.primary'])
    expect(draftProblems({ ...toDraft(), metadata: [{ key: 'a', value: '' }, { key: 'a', value: '' }] })).toEqual({ metadata: 'Metadata keys must be unique.' })
    expect(draftProblems({ ...toDraft(), metadata: Array.from({ length: 26 }, (_, i) => ({ key: `k${i}`, value: '' })) })).toEqual({ metadata: 'At most 25 metadata entries.' })
  })
})

describe('failures', () => {
  test('an Auth0 error body keeps its status, message and code, and names the property it is about', async () => {
    const body = { statusCode: 400, error: 'Bad Request', message: "Payload validation error: 'Expected type string but found type integer' on property branding.colors.primary (HEX Color for primary elements).", errorCode: 'invalid_body' }
    const failure = (await readResponse(new Response(JSON.stringify(body), { status: 400 })).catch((e) => e)) as ApiFailure
    expect(failure).toBeInstanceOf(ApiFailure)
    expect(failure.summary).toBe(`400 Bad Request: ${body.message} (invalid_body)`)
    expect(failure.property).toBe('branding.colors.primary')
  })

  test('a body that is not Auth0’s still says what came back', async () => {
    const failure = (await readResponse(new Response('<html>bad gateway</html>', { status: 502 })).catch((e) => e)) as ApiFailure
    expect(failure.summary).toBe('502 Bad Gateway: Unexpected answer from the server: <html>bad gateway</html>')
  })

  test('no token: nothing is sent and the session is reported ended', async () => {
    let expired = 0
    const sent: string[] = []
    const api = createApi({ token: () => null, onExpired: () => expired++, fetch: async (url) => (sent.push(String(url)), new Response('[]')) })
    await expect(api.get('/organizations')).rejects.toMatchObject({ kind: 'expired' })
    expect({ expired, sent }).toEqual({ expired: 1, sent: [] })
  })

  test('the token goes in the header, never in the URL; a 401 ends the session', async () => {
    let expired = 0
    const seen: { url: string; auth: string | null }[] = []
    const api = createApi({
      token: () => 'tok',
      onExpired: () => expired++,
      fetch: async (url, init) => {
        seen.push({ url: String(url), auth: new Headers(init?.headers).get('authorization') })
        return new Response(JSON.stringify({ statusCode: 401, error: 'Unauthorized', message: 'Invalid token' }), { status: 401 })
      },
    })
    await expect(api.get('/organizations', { take: 50, from: undefined })).rejects.toMatchObject({ status: 401 })
    expect(seen).toEqual([{ url: '/api/v2/organizations?take=50', auth: 'Bearer tok' }])
    expect(expired).toBe(1)
  })
})

describe('entries, pages, routes', () => {
  test('pasted entries split on lines, commas and spaces, without repeats', () => {
    expect(parseEntries('a@x.com, auth0|1\n\n a@x.com  b@y.org;auth0|2')).toEqual(['a@x.com', 'auth0|1', 'b@y.org', 'auth0|2'])
    expect(['a@x.com', 'auth0|a@b'].map(isEmail)).toEqual([true, false])
  })

  test('checkpoint pages go on while there is a next cursor; offset pages while full or below the total', () => {
    expect(checkpointPage({ members: [1], next: 'abc' }, 'members')).toEqual({ items: [1], next: 'abc' })
    expect(checkpointPage({ members: [1], next: '' }, 'members')).toEqual({ items: [1], next: undefined })
    expect(offsetPage({ invitations: [1, 2] }, 'invitations', 0, 2)).toEqual({ items: [1, 2], next: 1 })
    expect(offsetPage({ invitations: [1] }, 'invitations', 1, 2)).toEqual({ items: [1], next: undefined })
    expect(offsetPage({ client_grants: [1, 2], total: 4 }, 'client_grants', 1, 2)).toEqual({ items: [1, 2], next: undefined })
  })

  test('routes carry ids only', () => {
    expect(parseRoute('')).toEqual({ page: 'organizations' })
    expect(parseRoute('#/organizations/new')).toEqual({ page: 'new-organization' })
    expect(parseRoute('#/organizations/org_1/members')).toEqual({ page: 'organization', id: 'org_1', tab: 'members' })
    expect(parseRoute('#/organizations/org_1/nope')).toEqual({ page: 'not-found', path: '/organizations/org_1/nope' })
  })

  test('CSV quotes what needs quoting; TTL days become seconds within Auth0’s 30-day cap', () => {
    expect(membersCsv([{ user_id: 'auth0|1', email: 'a@x.com', name: 'Doe, "J"' }])).toBe('user_id,email,name\nauth0|1,a@x.com,"Doe, ""J"""\n')
    expect([ttlSeconds(7), ttlSeconds(0.5), ttlSeconds(45)]).toEqual([604_800, 43_200, 2_592_000])
  })
})
