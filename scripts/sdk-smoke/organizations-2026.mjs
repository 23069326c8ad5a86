import { collect, expect, expectError, expectStatus, raw, rejection } from './helpers.mjs'

/** What the 2026 SDK adds around organizations: the two access fields, organization connections, discovery domains. */
export function register({ check, management, unique }) {
  check('organizations 2026: third_party_client_access and is_app_entitlement_active', async (ctx) => {
    const { data: org, status } = await raw(
      management.organizations.create({ name: `sdk-smoke-o26-${unique}`, third_party_client_access: 'allow', is_app_entitlement_active: true }),
    )
    ctx.cleanup(() => management.organizations.delete(org.id).catch(() => {}))
    expectStatus(status, 201)
    expect(org.third_party_client_access === 'allow' && org.is_app_entitlement_active === true, `created ${JSON.stringify(org)}`)
    const updated = await management.organizations.update(org.id, { third_party_client_access: 'block' })
    expect(updated.third_party_client_access === 'block' && updated.is_app_entitlement_active === true, `updated ${JSON.stringify(updated)}`)
    const listed = (await collect(management.organizations.list())).find((o) => o.id === org.id)
    expect(listed?.third_party_client_access === 'block' && listed?.is_app_entitlement_active === true, `listed ${JSON.stringify(listed)}`)
    ctx.o26Org = org
    return `${status}, round-trips through update and list`
  })

  check('organization connections: create, seen by enabledConnections.list', async (ctx) => {
    const org = ctx.need('o26Org')
    const conn = await management.connections.create({ name: `sdk-smoke-oc-${unique}`, strategy: 'auth0' })
    ctx.cleanup(() => management.connections.delete(conn.id).catch(() => {}))
    const { data, status } = await raw(
      management.organizations.connections.create(org.id, { connection_id: conn.id, organization_access_level: 'readonly', organization_connection_name: 'Staff' }),
    )
    expectStatus(status, 201)
    expect(data.is_enabled === true && data.organization_access_level === 'readonly' && data.organization_connection_name === 'Staff', `got ${JSON.stringify(data)}`)
    const enabled = await management.organizations.enabledConnections.list(org.id)
    expect(enabled.data.some((c) => c.connection_id === conn.id), `enabled_connections: ${JSON.stringify(enabled.data)}`)
    const again = await rejection(() => management.organizations.connections.create(org.id, { connection_id: conn.id }))
    expectError(again, 409)
    ctx.ocConnection = conn
    return `${status}, listed by enabled_connections, again → 409`
  })

  check('organization connections: list, get, update, delete', async (ctx) => {
    const [org, conn] = [ctx.need('o26Org'), ctx.need('ocConnection')]
    const listed = await collect(management.organizations.connections.list(org.id))
    expect(listed.length === 1 && listed[0].connection_id === conn.id, `list ${JSON.stringify(listed)}`)
    const got = await management.organizations.connections.get(org.id, conn.id)
    expect(got.connection?.name === conn.name, `get ${JSON.stringify(got)}`)
    const updated = await management.organizations.connections.update(org.id, conn.id, { is_enabled: false, organization_connection_name: null })
    expect(updated.is_enabled === false && !('organization_connection_name' in updated), `update ${JSON.stringify(updated)}`)
    const enabled = await management.organizations.enabledConnections.list(org.id)
    expect(enabled.data.length === 0, `disabled still listed by enabled_connections: ${JSON.stringify(enabled.data)}`)
    const disabled = await collect(management.organizations.connections.list(org.id, { is_enabled: false }))
    expect(disabled.length === 1, `is_enabled=false filter: ${JSON.stringify(disabled)}`)
    const { status } = await raw(management.organizations.connections.delete(org.id, conn.id))
    expectStatus(status, 204)
    expectError(await rejection(() => management.organizations.connections.get(org.id, conn.id)), 404)
    return `update → disabled, delete ${status}, get → 404`
  })

  check('discovery domains: create, get, getByName, update, list, delete', async (ctx) => {
    const org = ctx.need('o26Org')
    const domain = `sdk-smoke-${unique}.example.com`
    const { data: created, status } = await raw(management.organizations.discoveryDomains.create(org.id, { domain }))
    expectStatus(status, 201)
    expect(/^ord_[A-Za-z0-9]{22}$/.test(created.id) && created.status === 'pending' && created.use_for_organization_discovery === true, `created ${JSON.stringify(created)}`)
    expect(created.verification_host === `_ss-verification.${org.id}.${domain}` && /^[0-9a-f]{32}$/.test(created.verification_txt), `verification ${JSON.stringify(created)}`)
    expect((await management.organizations.discoveryDomains.get(org.id, created.id)).domain === domain, 'get')
    expect((await management.organizations.discoveryDomains.getByName(org.id, domain.toUpperCase())).id === created.id, 'getByName')
    const verified = await management.organizations.discoveryDomains.update(org.id, created.id, { status: 'verified' })
    expect(verified.status === 'verified', `update ${JSON.stringify(verified)}`)
    expectError(await rejection(() => management.organizations.discoveryDomains.create(org.id, { domain })), 409)
    for (let i = 0; i < 3; i++) await management.organizations.discoveryDomains.create(org.id, { domain: `d${i}-${domain}` })
    const all = await collect(management.organizations.discoveryDomains.list(org.id, { take: 2 }))
    expect(all.length === 4 && all[0].id === created.id, `paged list ${all.map((d) => d.domain)}`)
    const { status: deleted } = await raw(management.organizations.discoveryDomains.delete(org.id, created.id))
    expectStatus(deleted, 204)
    expectStatus((await raw(management.organizations.discoveryDomains.delete(org.id, created.id))).status, 204)
    expectError(await rejection(() => management.organizations.discoveryDomains.get(org.id, created.id)), 404)
    return `${status}, 4 listed over pages of 2, delete twice 204`
  })
}
