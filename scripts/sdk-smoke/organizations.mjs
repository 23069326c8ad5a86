import { collect, expect, expectEachOnce, expectError, expectStatus, raw, rejection } from './helpers.mjs'

/** More than one page of the SDK's default `take=50`. */
const MANY = 55

export function register({ check, management, requests, unique }) {
  const name = `sdk-smoke-org-${unique}`
  const deleteOrg = (id) => management.organizations.delete(id).catch(() => {})

  check('organizations: create', async (ctx) => {
    const request = {
      name,
      display_name: 'SDK Smoke Org',
      branding: { logo_url: 'https://example.com/logo.png', colors: { primary: '#e3e2f0', page_background: '#e3e2ff' } },
      metadata: { plan: 'gold', region: 'eu' },
    }
    const { data, status } = await raw(management.organizations.create(request))
    expectStatus(status, 201)
    expect(/^org_[A-Za-z0-9]{16}$/.test(data.id), `id ${data.id}`)
    expect(data.name === name && data.display_name === request.display_name, `got ${JSON.stringify(data)}`)
    expect(JSON.stringify(data.branding) === JSON.stringify(request.branding), `branding ${JSON.stringify(data.branding)}`)
    expect(JSON.stringify(data.metadata) === JSON.stringify(request.metadata), `metadata ${JSON.stringify(data.metadata)}`)
    expect(!('enabled_connections' in data), 'enabled_connections in the answer though none were sent')
    ctx.org = data
    ctx.cleanup(() => deleteOrg(data.id))
    expectError(await rejection(() => management.organizations.create({ name })), 409, 'organization_conflict')
    return `${status} ${data.id}, same name again → 409 organization_conflict`
  })

  check('organizations: create with enabled_connections', async (ctx) => {
    const conn = await management.connections.create({ name: `sdk-smoke-org-ec-${unique}`, strategy: 'auth0' })
    ctx.cleanup(() => management.connections.delete(conn.id).catch(() => {}))
    const { data, status } = await raw(
      management.organizations.create({
        name: `${name}-ec`,
        enabled_connections: [{ connection_id: conn.id, assign_membership_on_login: true, is_signup_enabled: true }],
      }),
    )
    expectStatus(status, 201)
    ctx.cleanup(() => deleteOrg(data.id))
    const [item, ...rest] = data.enabled_connections ?? []
    expect(item && rest.length === 0, `enabled_connections ${JSON.stringify(data.enabled_connections)}`)
    expect(item.connection_id === conn.id && item.assign_membership_on_login === true && item.is_signup_enabled === true, `item ${JSON.stringify(item)}`)
    expect(item.show_as_button === true && item.connection?.name === conn.name && item.connection?.strategy === 'auth0', `item ${JSON.stringify(item)}`)
    const listed = await management.organizations.enabledConnections.list(data.id)
    expect(listed.data.length === 1 && listed.data[0].connection_id === conn.id, `listed ${JSON.stringify(listed.data)}`)
    const got = await management.organizations.get(data.id)
    expect(!('enabled_connections' in got), 'enabled_connections on GET')
    return `${status}, echoed expanded and listed`
  })

  check('organizations: get', async (ctx) => {
    const org = ctx.need('org')
    const { data, status } = await raw(management.organizations.get(org.id))
    expectStatus(status, 200)
    expect(JSON.stringify(data) === JSON.stringify(org), `got ${JSON.stringify(data)}, created ${JSON.stringify(org)}`)
    return `${status}`
  })

  check('organizations: getByName', async (ctx) => {
    const org = ctx.need('org')
    const { data, status } = await raw(management.organizations.getByName(org.name))
    expectStatus(status, 200)
    expect(JSON.stringify(data) === JSON.stringify(org), `got ${JSON.stringify(data)}`)
    expectError(await rejection(() => management.organizations.getByName(`${name}-missing`)), 404)
    return `${status}, unknown name → 404`
  })

  check('organizations: update (metadata replaced whole, rename)', async (ctx) => {
    const org = ctx.need('org')
    const { data, status } = await raw(management.organizations.update(org.id, { metadata: { plan: 'silver' } }))
    expectStatus(status, 200)
    expect(JSON.stringify(data.metadata) === JSON.stringify({ plan: 'silver' }), `metadata not replaced whole: ${JSON.stringify(data.metadata)}`)
    expect(data.display_name === org.display_name && JSON.stringify(data.branding) === JSON.stringify(org.branding), `others changed: ${JSON.stringify(data)}`)
    const renamed = `${name}-renamed`
    const after = await management.organizations.update(org.id, { name: renamed, metadata: {} })
    expect(after.name === renamed && !('metadata' in after), `rename / clear: ${JSON.stringify(after)}`)
    const byName = await management.organizations.getByName(renamed)
    expect(byName.id === org.id, `getByName(new name) ${JSON.stringify(byName)}`)
    expectError(await rejection(() => management.organizations.getByName(name)), 404)
    ctx.org = after
    return `${status}; rename → getByName(new) 200, getByName(old) 404; metadata {} clears`
  })

  check(`organizations: list, default checkpoint mode (${MANY} more orgs)`, async (ctx) => {
    const ids = [ctx.need('org').id]
    for (let i = 0; i < MANY; i += 11) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(11, MANY - i) }, (_, j) => management.organizations.create({ name: `${name}-${i + j}` })),
      )
      for (const org of batch) ids.push(org.id)
    }
    ctx.cleanup(() => Promise.all(ids.slice(1).map(deleteOrg)))
    ctx.manyOrgIds = ids
    const first = requests.length
    const all = await collect(management.organizations.list())
    expectEachOnce(all, ids, 'id', 'for await over organizations.list()')
    const sent = requests.slice(first).filter((r) => r.url.pathname === '/api/v2/organizations')
    const q = sent[0].url.searchParams
    expect(q.get('include_totals') === 'true' && q.get('take') === '50' && !q.has('page'), `first request ${sent[0].url.search}`)
    expect(sent.length >= 2 && sent.slice(1).every((r) => r.url.searchParams.get('from')), `followed ${sent.length - 1} next cursors`)
    const page = await management.organizations.list()
    expect(page.data.length === 50 && typeof page.response.next === 'string' && !('total' in page.response), `page 1 ${Object.keys(page.response)}`)
    const small = await collect(management.organizations.list({ take: 7 }))
    expectEachOnce(small, ids, 'id', 'take=7 pages')
    return `${all.length} orgs over ${sent.length} requests (${sent[0].url.search}), take=7 too`
  })

  check('organizations: list, offset mode (page/per_page)', async (ctx) => {
    const ids = ctx.need('manyOrgIds')
    // v7 exposes only from/take on organizations.list; without `take` (null is not sent) and with
    // page/per_page as extra query params, the server answers in offset mode.
    const offsetPage = (page) => management.organizations.list({ take: null }, { queryParams: { page, per_page: 30 } })
    const seen = []
    for (let page = 0; ; page++) {
      const { data, response } = await offsetPage(page)
      expect(response.start === page * 30 && response.limit === 30 && response.total >= ids.length, `totals ${JSON.stringify({ ...response, organizations: undefined })}`)
      expect(!('next' in response), 'next in offset mode')
      seen.push(...data)
      if (data.length < 30) break
    }
    expectEachOnce(seen, ids, 'id', 'offset pages')
    return `${seen.length} orgs in ${Math.ceil((seen.length + 1) / 30)} pages of 30, with start/limit/total`
  })

  check('organizations: delete', async (ctx) => {
    const org = ctx.need('org')
    const { status } = await raw(management.organizations.delete(org.id))
    expectStatus(status, 204)
    const err = await rejection(() => management.organizations.get(org.id))
    expectError(err, 404)
    expect(err.body?.message === 'No organization found by that id or name' && !('errorCode' in err.body), `body ${JSON.stringify(err.body)}`)
    expectError(await rejection(() => management.organizations.delete(org.id)), 404)
    return `${status}, then get → 404, delete again → 404`
  })
}
