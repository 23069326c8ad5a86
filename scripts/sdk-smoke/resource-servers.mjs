import { collect, expect, expectError, expectStatus, raw, rejection } from './helpers.mjs'

/** resourceServers.*: create, get (by id and by identifier), list, update, delete, and the system Management API. */
export function register({ check, management, audience, unique }) {
  check('resource servers: create with defaults, get by id and by identifier', async (ctx) => {
    const identifier = `https://sdk-smoke-rs-${unique}.example.com/`
    const { data, status } = await raw(
      management.resourceServers.create({ identifier, name: `sdk-smoke ${unique}`, scopes: [{ value: 'read:things', description: 'Read things' }, { value: 'write:things' }] }),
    )
    expectStatus(status, 201)
    ctx.cleanup(() => management.resourceServers.delete(data.id).catch(() => {}))
    expect(/^[0-9a-f]{24}$/.test(data.id) && data.identifier === identifier, `created ${JSON.stringify(data)}`)
    expect(data.signing_alg === 'RS256' && data.token_lifetime === 86400 && data.token_lifetime_for_web === 7200 && data.allow_offline_access === false, `defaults ${JSON.stringify(data)}`)
    expect(JSON.stringify((await management.resourceServers.get(data.id)).scopes) === JSON.stringify(data.scopes), 'get by id')
    // Terraform's scope resources address a server by its URL-encoded identifier.
    expect((await management.resourceServers.get(identifier)).id === data.id, 'get by identifier')
    expectError(await rejection(() => management.resourceServers.create({ identifier })), 409)
    ctx.resourceServer = data
    return `${status} ${data.id}, same identifier again → 409`
  })

  check('resource servers: update (200) and list with identifiers', async (ctx) => {
    const rs = ctx.need('resourceServer')
    const { data, status } = await raw(
      management.resourceServers.update(rs.identifier, { scopes: [{ value: 'read:things', description: 'Read things' }, { value: 'write:things' }, { value: 'delete:things' }], token_lifetime: 3600 }),
    )
    expectStatus(status, 200)
    expect(data.scopes.length === 3 && data.token_lifetime === 3600 && data.id === rs.id, `updated ${JSON.stringify(data)}`)
    const listed = await management.resourceServers.list({ identifiers: [rs.identifier, audience] })
    expectStatus(listed.rawResponse.status, 200)
    const ids = listed.data.map((r) => r.identifier).sort()
    expect(JSON.stringify(ids) === JSON.stringify([audience, rs.identifier].sort()), `identifiers filter: ${ids}`)
    const all = await collect(management.resourceServers.list({ per_page: 2 }))
    expect(all.filter((r) => r.id === rs.id).length === 1, 'not exactly once over pages of 2')
    return `${status}, identifiers filter, ${all.length} over pages of 2`
  })

  check('resource servers: the Management API is a system server that cannot be changed or deleted', async () => {
    const system = await management.resourceServers.get(audience)
    expect(system.is_system === true && system.identifier === audience, `got ${JSON.stringify({ ...system, scopes: undefined })}`)
    expect(system.scopes.some((s) => s.value === 'read:organization_clients'), 'management scopes missing')
    expectError(await rejection(() => management.resourceServers.update(system.id, { name: 'mine' })), 400, 'operation_not_supported')
    expectError(await rejection(() => management.resourceServers.delete(system.id)), 400, 'operation_not_supported')
    return `${system.scopes.length} scopes; update and delete → 400`
  })

  check('resource servers: delete', async (ctx) => {
    const rs = ctx.need('resourceServer')
    // Delete a second one, so the first stays for the role-permission checks.
    const other = await management.resourceServers.create({ identifier: `https://sdk-smoke-rs2-${unique}.example.com/` })
    const { status } = await raw(management.resourceServers.delete(other.id))
    expectStatus(status, 204)
    expectError(await rejection(() => management.resourceServers.get(other.id)), 404, 'inexistent_resource_server')
    expect((await management.resourceServers.get(rs.id)).id === rs.id, 'the other server went too')
    return `${status}, then get → 404 inexistent_resource_server`
  })
}
