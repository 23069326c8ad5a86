import { expect, expectStatus, raw, rejection } from './helpers.mjs'

export function register({ check, management, unique }) {
  // ---- organization enabled connections ---------------------------------------------------

  check('enabled connections: add', async (ctx) => {
    const org = await management.organizations.create({ name: `sdk-smoke-ec-${unique}` })
    ctx.cleanup(() => management.organizations.delete(org.id).catch(() => {}))
    const conn = await management.connections.create({ name: `sdk-smoke-ec-${unique}`, strategy: 'auth0' })
    ctx.cleanup(() => management.connections.delete(conn.id).catch(() => {}))
    const { data, status } = await raw(
      management.organizations.enabledConnections.add(org.id, { connection_id: conn.id, assign_membership_on_login: true }),
    )
    expectStatus(status, 201)
    expect(data.connection_id === conn.id && data.assign_membership_on_login === true, `got ${JSON.stringify(data)}`)
    expect(data.is_signup_enabled === false && data.show_as_button === true, `defaults ${JSON.stringify(data)}`)
    expect(data.connection?.name === conn.name && data.connection?.strategy === 'auth0', `connection ${JSON.stringify(data.connection)}`)
    const again = await rejection(() => management.organizations.enabledConnections.add(org.id, { connection_id: conn.id }))
    expect(again.statusCode === 409, `second add: ${again.statusCode ?? again.message}`)
    ctx.ecOrg = org
    ctx.ecConnection = conn
    return `${status}, again → 409`
  })

  check('enabled connections: list', async (ctx) => {
    const org = ctx.need('ecOrg')
    const page = await management.organizations.enabledConnections.list(org.id)
    expectStatus(page.rawResponse.status, 200)
    expect(page.data.length === 1 && page.data[0].connection_id === ctx.need('ecConnection').id, `got ${JSON.stringify(page.data)}`)
    return `${page.rawResponse.status}, ${page.data.length} item`
  })

  check('enabled connections: get', async (ctx) => {
    const [org, conn] = [ctx.need('ecOrg'), ctx.need('ecConnection')]
    const { data, status } = await raw(management.organizations.enabledConnections.get(org.id, conn.id))
    expectStatus(status, 200)
    expect(data.connection_id === conn.id && data.connection?.name === conn.name, `got ${JSON.stringify(data)}`)
    return `${status}`
  })

  check('enabled connections: update', async (ctx) => {
    const [org, conn] = [ctx.need('ecOrg'), ctx.need('ecConnection')]
    const { data, status } = await raw(management.organizations.enabledConnections.update(org.id, conn.id, { is_signup_enabled: true }))
    expectStatus(status, 200)
    expect(data.is_signup_enabled === true && data.assign_membership_on_login === true, `merged ${JSON.stringify(data)}`)
    const refused = await rejection(() =>
      management.organizations.enabledConnections.update(org.id, conn.id, { assign_membership_on_login: false }),
    )
    expect(refused.statusCode === 400, `rule on merged settings: ${refused.statusCode ?? refused.message}`)
    return `${status}, rule → 400`
  })

  check('enabled connections: delete', async (ctx) => {
    const [org, conn] = [ctx.need('ecOrg'), ctx.need('ecConnection')]
    const { status } = await raw(management.organizations.enabledConnections.delete(org.id, conn.id))
    expectStatus(status, 204)
    const again = await raw(management.organizations.enabledConnections.delete(org.id, conn.id))
    expectStatus(again.status, 204)
    const err = await rejection(() => management.organizations.enabledConnections.get(org.id, conn.id))
    expect(err.statusCode === 404, `get after delete: ${err.statusCode ?? err.message}`)
    return `${status}, again ${again.status}, then get → 404`
  })
}
