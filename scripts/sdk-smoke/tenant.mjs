import { collect, expect, expectEachOnce, expectError, expectStatus, raw, rejection } from './helpers.mjs'

/** Tenant entities the organization routes build on: connections, users, clients. */
export function register({ check, management, requests, unique }) {
  // ---- connections -------------------------------------------------------------------------

  check('connections: create', async (ctx) => {
    const name = `sdk-smoke-db-${unique}`
    const { data, status } = await raw(management.connections.create({ name, strategy: 'auth0', display_name: 'SDK Smoke DB' }))
    expectStatus(status, 201)
    expect(/^con_[A-Za-z0-9]{16}$/.test(data.id), `id ${data.id}`)
    expect(data.name === name && data.strategy === 'auth0' && data.display_name === 'SDK Smoke DB', `got ${JSON.stringify(data)}`)
    ctx.connection = data
    ctx.cleanup(() => management.connections.delete(data.id).catch(() => {}))
    const again = await rejection(() => management.connections.create({ name, strategy: 'auth0' }))
    expectError(again, 409)
    return `${status} ${data.id}, same name again → 409`
  })

  check('connections: get', async (ctx) => {
    const connection = ctx.need('connection')
    const { data, status } = await raw(management.connections.get(connection.id))
    expectStatus(status, 200)
    expect(data.id === connection.id && data.name === connection.name && data.strategy === 'auth0', `got ${JSON.stringify(data)}`)
    return `${status}`
  })

  check('connections: list', async (ctx) => {
    const connection = ctx.need('connection')
    const byName = await management.connections.list({ name: connection.name })
    expectStatus(byName.rawResponse.status, 200)
    expect(byName.data.length === 1 && byName.data[0].id === connection.id, `name filter: ${JSON.stringify(byName.data)}`)
    const byStrategy = await collect(management.connections.list({ strategy: ['auth0'] }))
    expect(byStrategy.every((c) => c.strategy === 'auth0'), 'strategy filter let another strategy through')
    const all = await collect(management.connections.list())
    expectEachOnce(all, [connection.id], 'id', 'unfiltered list')
    return `${byName.rawResponse.status}, name 1, strategy ${byStrategy.length}, ${all.length} in all pages`
  })

  check('connections: list follows next past the first 50 (SDK default take=50)', async (ctx) => {
    const ids = [ctx.need('connection').id]
    for (let i = 0; i < 50; i += 10) {
      const batch = await Promise.all(
        Array.from({ length: 10 }, (_, j) => management.connections.create({ name: `sdk-smoke-many-${i + j}-${unique}`, strategy: 'auth0' })),
      )
      ids.push(...batch.map((c) => c.id))
    }
    ctx.cleanup(() => Promise.all(ids.slice(1).map((id) => management.connections.delete(id).catch(() => {}))))
    const first = requests.length
    const all = await collect(management.connections.list())
    expectEachOnce(all, ids, 'id', `for await (${all.length} connections)`)
    const sent = requests.slice(first).filter((r) => r.url.pathname === '/api/v2/connections').map((r) => r.url.searchParams)
    expect(sent.length === 2 && sent[0].get('take') === '50' && sent[1].get('from'), `requests ${sent.map(String)}`)
    const small = await collect(management.connections.list({ strategy: ['auth0'], take: 20 }))
    expectEachOnce(small, ids, 'id', 'take=20 pages (strategy auth0)')
    return `${all.length} connections over ${sent.length} requests, take=20 too`
  })

  check('connections: update', async (ctx) => {
    const connection = ctx.need('connection')
    const { data, status } = await raw(
      management.connections.update(connection.id, { display_name: 'SDK Smoke DB (renamed)', metadata: { owner: 'sdk-smoke' } }),
    )
    expectStatus(status, 200)
    expect(data.display_name === 'SDK Smoke DB (renamed)' && data.metadata?.owner === 'sdk-smoke', `got ${JSON.stringify(data)}`)
    expect(data.name === connection.name && data.strategy === 'auth0', `name/strategy changed: ${JSON.stringify(data)}`)
    const again = await management.connections.get(connection.id)
    expect(again.display_name === 'SDK Smoke DB (renamed)', 'update not persisted')
    return `${status}`
  })

  // ---- users (in that database connection) ---------------------------------------------------

  check('users: create', async (ctx) => {
    const connection = ctx.need('connection')
    const created = []
    for (const n of [1, 2]) {
      const email = `sdk-smoke-${n}-${unique}@example.com`
      const { data, status } = await raw(
        management.users.create({ connection: connection.name, email, password: 'Smoke-test-pass-1!', name: `Smoke ${n}` }),
      )
      expectStatus(status, 201)
      expect(/^auth0\|.+/.test(data.user_id) && data.email === email && data.name === `Smoke ${n}`, `got ${JSON.stringify(data)}`)
      expect(data.identities?.[0]?.connection === connection.name, `identities ${JSON.stringify(data.identities)}`)
      expect(!('password' in data), 'password echoed')
      ctx.cleanup(() => management.users.delete(data.user_id).catch(() => {}))
      created.push(data)
    }
    const again = await rejection(() =>
      management.users.create({ connection: connection.name, email: created[0].email, password: 'Smoke-test-pass-1!' }),
    )
    expectError(again, 409)
    ctx.users = created
    return `201 ×2 (${created[0].user_id}), same email again → 409`
  })

  check('users: get', async (ctx) => {
    const [user] = ctx.need('users')
    // The SDK percent-encodes the `|` in the id.
    const { data, status } = await raw(management.users.get(user.user_id))
    expectStatus(status, 200)
    expect(data.user_id === user.user_id && data.email === user.email && data.name === user.name, `got ${JSON.stringify(data)}`)
    return `${status}`
  })

  check('users: list', async (ctx) => {
    const users = ctx.need('users')
    const ids = users.map((u) => u.user_id)
    const page = await management.users.list({ connection: ctx.need('connection').name })
    expectStatus(page.rawResponse.status, 200)
    expect(page.response.total === 2 && page.response.start === 0, `totals ${JSON.stringify({ ...page.response, users: undefined })}`)
    expectEachOnce(page.data, ids, 'user_id', 'connection filter')
    // One per page: the SDK asks for the next page until one comes back short.
    const all = await collect(management.users.list({ per_page: 1 }))
    expectEachOnce(all, ids, 'user_id', 'per_page=1 pages')
    return `${page.rawResponse.status}, total ${page.response.total}, ${all.length} in all pages`
  })

  check('users: update', async (ctx) => {
    const [user] = ctx.need('users')
    const { data, status } = await raw(management.users.update(user.user_id, { name: 'Smoke Renamed', user_metadata: { plan: 'gold' } }))
    expectStatus(status, 200)
    expect(data.name === 'Smoke Renamed' && data.user_metadata?.plan === 'gold' && data.email === user.email, `got ${JSON.stringify(data)}`)
    const again = await management.users.get(user.user_id)
    expect(again.name === 'Smoke Renamed' && again.user_metadata?.plan === 'gold', 'update not persisted')
    return `${status}`
  })

  check('users: delete', async (ctx) => {
    const users = ctx.need('users')
    for (const user of users) {
      const { status } = await raw(management.users.delete(user.user_id))
      expectStatus(status, 204)
    }
    expectError(await rejection(() => management.users.get(users[0].user_id)), 404, 'inexistent_user')
    return '204 ×2, then get → 404 inexistent_user'
  })

  check('connections: delete', async (ctx) => {
    const connection = ctx.need('connection')
    const { status } = await raw(management.connections.delete(connection.id))
    expectStatus(status, 202, 204)
    expectError(await rejection(() => management.connections.get(connection.id)), 404)
    const again = await raw(management.connections.delete(connection.id))
    expectStatus(again.status, 204)
    return `${status}, then get → 404, again ${again.status}`
  })

  // ---- clients -----------------------------------------------------------------------------

  check('clients: create', async (ctx) => {
    const name = `sdk-smoke-client-${unique}`
    const { data, status } = await raw(management.clients.create({ name, app_type: 'non_interactive', description: 'created by sdk-smoke' }))
    expectStatus(status, 201)
    expect(/^[A-Za-z0-9]{32}$/.test(data.client_id) && data.name === name, `got ${JSON.stringify(data)}`)
    expect(typeof data.client_secret === 'string' && data.client_secret.length >= 32, `client_secret ${data.client_secret}`)
    expect(data.app_type === 'non_interactive' && data.grant_types?.includes('client_credentials'), `defaults ${JSON.stringify(data)}`)
    ctx.client = data
    ctx.cleanup(() => management.clients.delete(data.client_id).catch(() => {}))
    return `${status} ${data.client_id}, with client_secret`
  })

  check('clients: get', async (ctx) => {
    const client = ctx.need('client')
    const { data, status } = await raw(management.clients.get(client.client_id))
    expectStatus(status, 200)
    expect(data.client_id === client.client_id && data.name === client.name, `got ${JSON.stringify(data)}`)
    expect(!('client_secret' in data), 'client_secret returned on get')
    return `${status}, no client_secret`
  })

  check('clients: list', async (ctx) => {
    const client = ctx.need('client')
    // Two more clients, so listing two per page has to follow pages.
    const ids = [client.client_id]
    for (const n of [2, 3]) {
      const extra = await management.clients.create({ name: `sdk-smoke-client-${unique}-${n}` })
      ctx.cleanup(() => management.clients.delete(extra.client_id).catch(() => {}))
      ids.push(extra.client_id)
    }
    const all = await collect(management.clients.list({ per_page: 2 }))
    expectEachOnce(all, ids, 'client_id', 'per_page=2 pages')
    expect(all.every((c) => !('client_secret' in c)), 'client_secret in a list item')
    return `${all.length} in all pages, no client_secret`
  })

  check('clients: update', async (ctx) => {
    const client = ctx.need('client')
    const { data, status } = await raw(
      management.clients.update(client.client_id, { description: 'updated by sdk-smoke', client_metadata: { team: 'smoke' } }),
    )
    expectStatus(status, 200)
    expect(data.description === 'updated by sdk-smoke' && data.client_metadata?.team === 'smoke' && data.name === client.name, `got ${JSON.stringify(data)}`)
    expect(!('client_secret' in data), 'client_secret returned on update')
    const again = await management.clients.get(client.client_id)
    expect(again.description === 'updated by sdk-smoke', 'update not persisted')
    return `${status}`
  })

  check('clients: delete', async (ctx) => {
    const client = ctx.need('client')
    const { status } = await raw(management.clients.delete(client.client_id))
    expectStatus(status, 204)
    expectError(await rejection(() => management.clients.get(client.client_id)), 404)
    return `${status}, then get → 404`
  })
}
