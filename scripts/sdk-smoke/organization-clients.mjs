import { collect, expect, expectError, expectStatus, raw, rejection, sorted } from './helpers.mjs'

/** organizations.clients.* (app entitlement) and organizations.list({ include_client_association_for }). */
export function register({ check, management, unique }) {
  check('organization clients: create (bare array), again → 409', async (ctx) => {
    const org = await management.organizations.create({ name: `sdk-smoke-ocl-${unique}`, is_app_entitlement_active: true })
    ctx.cleanup(() => management.organizations.delete(org.id).catch(() => {}))
    const clients = []
    for (let i = 0; i < 12; i++) {
      const client = await management.clients.create({ name: `sdk-smoke-ocl-${i}-${unique}`, organization_usage: 'allow' })
      ctx.cleanup(() => management.clients.delete(client.client_id).catch(() => {}))
      clients.push(client)
    }
    // As Terraform sends them: batches of at most 10.
    for (const batch of [clients.slice(0, 10), clients.slice(10)]) {
      const { data, status } = await raw(management.organizations.clients.create(org.id, { clients: batch.map((c) => ({ client_id: c.client_id, use_for_member_access: true })) }))
      expectStatus(status, 201)
      expect(Array.isArray(data) && data.length === batch.length && data[0].client?.name === batch[0].name, `created ${JSON.stringify(data[0])}`)
    }
    expectError(await rejection(() => management.organizations.clients.create(org.id, { clients: [{ client_id: clients[0].client_id, use_for_member_access: false }] })), 409)
    Object.assign(ctx, { oclOrg: org, oclClients: clients })
    return '201 for 10 + 2, again → 409'
  })

  check('organization clients: list (follows next), get, update', async (ctx) => {
    const [org, clients] = [ctx.need('oclOrg'), ctx.need('oclClients')]
    const listed = await collect(management.organizations.clients.list(org.id, { take: 5 }))
    expect(sorted(listed.map((c) => c.client_id)) === sorted(clients.map((c) => c.client_id)), `list ${listed.length}`)
    const order = listed.map((c) => c.client_id.toLowerCase())
    expect(JSON.stringify(order) === JSON.stringify([...order].sort()), 'not in case-insensitive client_id order')
    const got = await management.organizations.clients.get(org.id, clients[0].client_id)
    expect(got.use_for_member_access === true && got.client.organization_usage === 'allow', `get ${JSON.stringify(got)}`)
    const updated = await management.organizations.clients.update(org.id, clients[0].client_id, { use_for_member_access: false })
    expect(updated.use_for_member_access === false, `update ${JSON.stringify(updated)}`)
    return `${listed.length} over pages of 5, update → false`
  })

  check('organization clients: organizations.list include_client_association_for', async (ctx) => {
    const [org, clients] = [ctx.need('oclOrg'), ctx.need('oclClients')]
    const orgs = await collect(management.organizations.list({ include_client_association_for: clients[0].client_id }))
    const ours = orgs.find((o) => o.id === org.id)
    expect(ours?.client?.use_for_member_access === false, `ours ${JSON.stringify(ours)}`)
    expect(orgs.filter((o) => o.client).length === 1, 'other organizations carry `client`')
    return `${orgs.length} organizations, 1 with client`
  })

  check('organization clients: delete (body on DELETE, idempotent)', async (ctx) => {
    const [org, clients] = [ctx.need('oclOrg'), ctx.need('oclClients')]
    const { status } = await raw(management.organizations.clients.delete(org.id, { clients: clients.slice(0, 11).map((c) => c.client_id) }))
    expectStatus(status, 204)
    expectStatus((await raw(management.organizations.clients.delete(org.id, { clients: [clients[0].client_id] }))).status, 204)
    const left = await collect(management.organizations.clients.list(org.id))
    expect(left.length === 1 && left[0].client_id === clients[11].client_id, `left ${JSON.stringify(left)}`)
    expectError(await rejection(() => management.organizations.clients.get(org.id, clients[0].client_id)), 404)
    return `${status}, again 204, get → 404`
  })
}
