import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { api, auth0Error } from '../helpers/api'

// Runs in its own file so it owns every organization in storage (storage is per file); the tests build on each other.
const created: { id: string; name: string }[] = []

async function addOrgs(n: number, prefix = 'list') {
  for (let i = 0; i < n; i++) {
    const res = await api.post('/api/v2/organizations', { name: `${prefix}-${String(created.length).padStart(3, '0')}`, display_name: `D${99 - created.length}` })
    created.push(res.body)
  }
}

async function walk(take: number) {
  const pages: { organizations: { id: string }[]; next?: string }[] = []
  let from: string | undefined
  do {
    const res = await api.get(`/api/v2/organizations?include_totals=true&take=${take}${from ? `&from=${encodeURIComponent(from)}` : ''}`)
    expect(res.status).toBe(200)
    pages.push(res.body)
    from = res.body.next
  } while (from)
  return pages
}

describe('GET /organizations, checkpoint mode', () => {
  it('with no organizations answers an empty page without next', async () => {
    expect((await api.get('/api/v2/organizations?take=2')).body).toEqual({ organizations: [] })
  })

  it('one organization: one page, no next', async () => {
    await addOrgs(1)
    expect((await api.get('/api/v2/organizations?include_totals=true&take=2')).body).toEqual({ organizations: [created[0]] })
  })

  it('exactly take organizations: one full page and no next', async () => {
    await addOrgs(1)
    const pages = await walk(2)
    expect(pages).toEqual([{ organizations: [created[0], created[1]] }])
  })

  it('take + 1 organizations: a page with next, then the last one without', async () => {
    await addOrgs(1)
    const pages = await walk(2)
    expect(pages).toEqual([
      { organizations: [created[0], created[1]], next: expect.any(String) },
      { organizations: [created[2]] },
    ])
    // Auth0's cursor format: base64 of "<created_at>UTC,<id>".
    expect(atob(pages[0]!.next!)).toMatch(new RegExp(`^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{6}UTC,${created[1]!.id}$`))
  })

  it('walks many organizations exactly once in creation order, ignoring page/per_page', async () => {
    await addOrgs(22)
    const pages = await walk(5)
    const ids = pages.flatMap((p) => p.organizations.map((o) => o.id))
    expect(ids).toEqual(created.map((o) => o.id))
    expect(pages.at(-1)!.next).toBeUndefined()
    const mixed = await api.get('/api/v2/organizations?include_totals=true&per_page=50&page=3&take=2')
    expect(mixed.body).toEqual({ organizations: created.slice(0, 2), next: expect.any(String) })
  })

  it('pages are one D1 round trip and use the keyset index, not OFFSET', async () => {
    const first = await api.get('/api/v2/organizations?take=3')
    const deep = await api.get(`/api/v2/organizations?take=3&from=${encodeURIComponent(first.body.next)}`)
    expect(first.headers.get('x-d1-round-trips')).toBe('1')
    expect(deep.headers.get('x-d1-round-trips')).toBe('1')
    const plan = await env.DB.prepare(
      "EXPLAIN QUERY PLAN SELECT id FROM organizations WHERE (created_at, id) > ('2026', 'x') ORDER BY created_at, id LIMIT 3",
    ).all<{ detail: string }>()
    expect(plan.results.map((r) => r.detail).join(' ')).toMatch(/USING (COVERING )?INDEX organizations_created/)
  })

  it('refuses a garbage cursor with 400', async () => {
    for (const from of ['garbage', 'bm90LWEtY3Vyc29y', '%%%']) {
      const res = await api.get(`/api/v2/organizations?from=${encodeURIComponent(from)}`)
      expect(res.status).toBe(400)
      expect(res.body).toEqual(auth0Error(400, "Query validation error: 'Invalid checkpoint' on property from (Optional Id from which to start selection.).", 'invalid_query_string'))
    }
  })

  it('refuses take outside 1..100', async () => {
    expect((await api.get('/api/v2/organizations?take=0')).body).toEqual(
      auth0Error(400, "Query validation error: 'Value 0 is less than minimum 1' on property take (Number of results per page. Defaults to 50.).", 'invalid_query_string'),
    )
    expect((await api.get('/api/v2/organizations?take=101')).status).toBe(400)
    expect((await api.get('/api/v2/organizations?take=100')).status).toBe(200)
  })
})

describe('GET /organizations, offset mode', () => {
  it('answers a bare array without include_totals, the wrapper with it', async () => {
    expect((await api.get('/api/v2/organizations?per_page=2')).body).toEqual(created.slice(0, 2))
    expect((await api.get('/api/v2/organizations?include_totals=true&per_page=2&page=1')).body).toEqual({
      organizations: created.slice(2, 4),
      start: 2,
      limit: 2,
      total: created.length,
    })
    const all = await api.get('/api/v2/organizations?include_totals=true')
    expect(all.body).toEqual({ organizations: created, start: 0, limit: 50, total: created.length })
    expect(all.headers.get('x-d1-round-trips')).toBe('1')
  })

  it('sorts by name, display_name and created_at both ways', async () => {
    const byName = [...created].sort((a, b) => a.name.localeCompare(b.name))
    expect((await api.get('/api/v2/organizations?sort=name:1')).body).toEqual(byName)
    expect((await api.get('/api/v2/organizations?sort=name:-1')).body).toEqual([...byName].reverse())
    expect((await api.get('/api/v2/organizations?sort=display_name:1&per_page=3')).body).toEqual([...created].reverse().slice(0, 3))
    expect((await api.get('/api/v2/organizations?sort=created_at:-1&per_page=2')).body).toEqual([...created].reverse().slice(0, 2))
    expect((await api.get('/api/v2/organizations?sort=size:1')).body).toEqual(
      auth0Error(400, "Query validation error: 'String does not match pattern ^((display_name)|(created_at)|(name)):(1|-1)$: size:1' on property sort (Field to sort by. Use field:order where order is 1 for ascending and -1 for descending. Defaults to created_at:1).", 'invalid_query_string'),
    )
  })

  it('refuses windows beyond the first 1000 records', async () => {
    const res = await api.get('/api/v2/organizations?page=10&per_page=100')
    expect(res.status).toBe(400)
    expect(res.body).toEqual(auth0Error(400, 'Requesting page exceeds the allowed maximum of 1000 records.', 'invalid_paging'))
    expect((await api.get('/api/v2/organizations?page=9&per_page=100')).status).toBe(200)
    expect((await api.get('/api/v2/organizations?page=1001')).body.errorCode).toBe('invalid_query_string')
  })

  it('validates include_totals and per_page', async () => {
    expect((await api.get('/api/v2/organizations?include_totals=yes')).body).toEqual(
      auth0Error(400, "Query validation error: 'Expected type boolean but found type string' on property include_totals (Return results inside an object that contains the total result count (true) or as a direct array of results (false, default).).", 'invalid_query_string'),
    )
    expect((await api.get('/api/v2/organizations?per_page=0')).status).toBe(400)
  })
})
