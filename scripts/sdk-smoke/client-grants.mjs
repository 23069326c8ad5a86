import { collect, expect, expectEachOnce, expectError, expectStatus, raw, rejection, sorted } from './helpers.mjs'

export function register({ check, management, connect, audience, requests, unique }) {
  /** A grant's audience must name a resource server defining its scopes: this makes one, deleted at the end. */
  const newApi = async (ctx, identifier) => {
    const server = await management.resourceServers.create({ identifier, scopes: [{ value: 'read:things' }, { value: 'write:things' }] })
    ctx.cleanup(() => management.resourceServers.delete(server.id).catch(() => {}))
    return identifier
  }

  // ---- client grants -----------------------------------------------------------------------

  check('client grants: create', async (ctx) => {
    const client = await management.clients.create({ name: `sdk-smoke-grants-${unique}`, app_type: 'non_interactive' })
    ctx.cleanup(() => management.clients.delete(client.client_id).catch(() => {}))
    const request = { client_id: client.client_id, audience: await newApi(ctx, `https://sdk-smoke-api-${unique}.example.com/`), scope: ['read:things'] }
    const { data, status } = await raw(management.clientGrants.create(request))
    expectStatus(status, 201)
    expect(/^cgr_[A-Za-z0-9]{16}$/.test(data.id), `id ${data.id}`)
    expect(data.client_id === client.client_id && data.audience === request.audience, `got ${JSON.stringify(data)}`)
    expect(sorted(data.scope) === sorted(request.scope), `scope ${JSON.stringify(data.scope)}`)
    ctx.cleanup(() => management.clientGrants.delete(data.id).catch(() => {}))
    const again = await rejection(() => management.clientGrants.create(request))
    expectError(again, 409)
    Object.assign(ctx, { grantClient: client, grant: data })
    return `${status} ${data.id}, same client and audience again → 409`
  })

  check('client grants: get', async (ctx) => {
    const grant = ctx.need('grant')
    const { data, status } = await raw(management.clientGrants.get(grant.id))
    expectStatus(status, 200)
    expect(JSON.stringify(data) === JSON.stringify(grant), `got ${JSON.stringify(data)}, created ${JSON.stringify(grant)}`)
    return `${status}`
  })

  check('client grants: list with audience and client_id filters', async (ctx) => {
    const [client, grant] = [ctx.need('grantClient'), ctx.need('grant')]
    // A second grant for the same client, on another audience.
    const other = await management.clientGrants.create({
      client_id: client.client_id,
      audience: await newApi(ctx, `https://sdk-smoke-api-2-${unique}.example.com/`),
      scope: [],
    })
    ctx.cleanup(() => management.clientGrants.delete(other.id).catch(() => {}))
    const byAudience = await management.clientGrants.list({ audience: grant.audience })
    expectStatus(byAudience.rawResponse.status, 200)
    expect(sorted(byAudience.data.map((g) => g.id)) === sorted([grant.id]), `audience: ${JSON.stringify(byAudience.data)}`)
    const byClient = await collect(management.clientGrants.list({ client_id: client.client_id }))
    expect(sorted(byClient.map((g) => g.id)) === sorted([grant.id, other.id]), `client_id: ${JSON.stringify(byClient)}`)
    const both = await management.clientGrants.list({ client_id: client.client_id, audience: other.audience })
    expect(sorted(both.data.map((g) => g.id)) === sorted([other.id]), `both: ${JSON.stringify(both.data)}`)
    const all = await collect(management.clientGrants.list())
    expectEachOnce(all, [grant.id, other.id], 'id', 'unfiltered list')
    return `audience 1, client_id 2, both 1, ${all.length} in all pages`
  })

  check('client grants: list follows next past the first 50 (SDK default take=50)', async (ctx) => {
    const client = ctx.need('grantClient')
    const ids = []
    for (let i = 0; i < 51; i += 17) {
      const batch = await Promise.all(
        Array.from({ length: 17 }, async (_, j) =>
          management.clientGrants.create({ client_id: client.client_id, audience: await newApi(ctx, `https://sdk-smoke-many-${i + j}-${unique}.example.com/`), scope: [] }),
        ),
      )
      ids.push(...batch.map((g) => g.id))
    }
    ctx.cleanup(() => Promise.all(ids.map((id) => management.clientGrants.delete(id).catch(() => {}))))
    const first = requests.length
    const all = await collect(management.clientGrants.list({ client_id: client.client_id }))
    expectEachOnce(all, ids, 'id', `for await (${all.length} grants)`)
    const sent = requests.slice(first).filter((r) => r.url.pathname === '/api/v2/client-grants').map((r) => r.url.searchParams)
    expect(sent.length === 2 && sent[0].get('take') === '50' && sent[1].get('from'), `requests ${sent.map(String)}`)
    const small = await collect(management.clientGrants.list({ client_id: client.client_id, take: 20 }))
    expectEachOnce(small, ids, 'id', 'take=20 pages')
    return `${all.length} grants over ${sent.length} requests, take=20 too`
  })

  check('client grants: update', async (ctx) => {
    const grant = ctx.need('grant')
    const scope = ['read:things', 'write:things']
    const { data, status } = await raw(management.clientGrants.update(grant.id, { scope, organization_usage: 'allow' }))
    expectStatus(status, 200)
    expect(sorted(data.scope) === sorted(scope) && data.organization_usage === 'allow', `got ${JSON.stringify(data)}`)
    const again = await management.clientGrants.get(grant.id)
    expect(sorted(again.scope) === sorted(scope) && again.audience === grant.audience, `persisted ${JSON.stringify(again)}`)
    return `${status}`
  })

  check('client grants: delete', async (ctx) => {
    const grant = ctx.need('grant')
    const { status } = await raw(management.clientGrants.delete(grant.id))
    expectStatus(status, 204)
    expectError(await rejection(() => management.clientGrants.get(grant.id)), 404, 'inexistent_client_grant')
    const left = (await management.clientGrants.list({ audience: grant.audience })).data
    expect(left.length === 0, `still listed: ${JSON.stringify(left)}`)
    return `${status}, then get → 404 inexistent_client_grant`
  })

  // ---- a client's own token, from its grant on the Management API ---------------------------

  check('client grants: token works within the granted scopes only', async (ctx) => {
    const client = await management.clients.create({ name: `sdk-smoke-token-${unique}`, app_type: 'non_interactive' })
    ctx.cleanup(() => management.clients.delete(client.client_id).catch(() => {}))
    expect(typeof client.client_secret === 'string' && client.client_secret.length > 0, 'no client_secret on create')
    const ungranted = await rejection(() => connect(client.client_id, client.client_secret).organizations.get('org_XXXXXXXXXXXXXXXX'))
    expect(ungranted.statusCode === 403 && ungranted.body?.error === 'access_denied', `no grant: ${ungranted.statusCode} ${JSON.stringify(ungranted.body)}`)
    const grant = await management.clientGrants.create({ client_id: client.client_id, audience, scope: ['read:organizations'] })
    ctx.cleanup(() => management.clientGrants.delete(grant.id).catch(() => {}))
    const own = connect(client.client_id, client.client_secret)
    const allowed = await own.organizations.list({ take: 1 })
    expectStatus(allowed.rawResponse.status, 200)
    const refused = await rejection(() => own.organizations.create({ name: `sdk-smoke-token-${unique}` }))
    expectError(refused, 403, 'insufficient_scope')
    expect(refused.body.message === 'Insufficient scope, expected any of: create:organizations', `message ${refused.body.message}`)
    const wrong = await rejection(() => connect(client.client_id, `${client.client_secret}x`).organizations.list())
    expect(wrong.statusCode === 401 && wrong.body?.error === 'invalid_client', `wrong secret: ${wrong.statusCode} ${JSON.stringify(wrong.body)}`)
    return 'no grant → token 403 access_denied; read:organizations: list 200, create 403 insufficient_scope; wrong secret → token 401 invalid_client'
  })

  // ---- organization client grants ---------------------------------------------------------

  check('org client grants: create', async (ctx) => {
    const org = await management.organizations.create({ name: `sdk-smoke-cg-${unique}` })
    ctx.cleanup(() => management.organizations.delete(org.id).catch(() => {}))
    const client = await management.clients.create({ name: `sdk-smoke-cg-${unique}`, app_type: 'non_interactive' })
    ctx.cleanup(() => management.clients.delete(client.client_id).catch(() => {}))
    const grants = []
    for (const n of [1, 2]) {
      grants.push(
        await management.clientGrants.create({
          client_id: client.client_id,
          audience: await newApi(ctx, `https://sdk-smoke-${n}-${unique}.example.com/`),
          scope: ['read:things'],
          organization_usage: 'allow',
          allow_any_organization: true,
        }),
      )
    }
    for (const grant of grants) {
      const { data, status } = await raw(management.organizations.clientGrants.create(org.id, { grant_id: grant.id }))
      expectStatus(status, 201)
      // Auth0 answers `grant_id` here (the SDK's type says `id`).
      expect(data.grant_id === grant.id && data.audience === grant.audience, `got ${JSON.stringify(data)}`)
    }
    const again = await rejection(() => management.organizations.clientGrants.create(org.id, { grant_id: grants[0].id }))
    expect(again.statusCode === 409, `second create: ${again.statusCode ?? again.message}`)
    Object.assign(ctx, { cgOrg: org, cgClient: client, cgGrants: grants })
    return `201 ×2, again → 409`
  })

  check('org client grants: list with filters', async (ctx) => {
    const [org, client, [a, b]] = [ctx.need('cgOrg'), ctx.need('cgClient'), ctx.need('cgGrants')]
    const ids = async (request) => (await management.organizations.clientGrants.list(org.id, request)).data.map((g) => g.id).sort()
    const both = [a.id, b.id].sort()
    expect(JSON.stringify(await ids()) === JSON.stringify(both), 'unfiltered list')
    expect(JSON.stringify(await ids({ grant_ids: [a.id, b.id] })) === JSON.stringify(both), 'grant_ids (two)')
    expect(JSON.stringify(await ids({ grant_ids: [b.id] })) === JSON.stringify([b.id]), 'grant_ids (one)')
    expect(JSON.stringify(await ids({ audience: a.audience })) === JSON.stringify([a.id]), 'audience')
    expect(JSON.stringify(await ids({ client_id: client.client_id })) === JSON.stringify(both), 'client_id')
    const orgs = await management.clientGrants.organizations.list(a.id)
    expect(orgs.data.length === 1 && orgs.data[0].id === org.id, `grant organizations ${JSON.stringify(orgs.data)}`)
    return 'grant_ids, audience, client_id; grant → organizations'
  })

  check('org client grants: delete', async (ctx) => {
    const [org, [a, b]] = [ctx.need('cgOrg'), ctx.need('cgGrants')]
    const { status } = await raw(management.organizations.clientGrants.delete(org.id, a.id))
    expectStatus(status, 204)
    const left = (await management.organizations.clientGrants.list(org.id)).data.map((g) => g.id)
    expect(left.length === 1 && left[0] === b.id, `left ${JSON.stringify(left)}`)
    return `${status}`
  })
}
