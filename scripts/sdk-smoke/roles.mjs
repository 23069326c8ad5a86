import { expect, expectStatus, raw, rejection } from './helpers.mjs'

export function register({ check, management, unique }) {
  // ---- roles -------------------------------------------------------------------------------

  check('roles: create', async (ctx) => {
    const { data, status } = await raw(
      management.roles.create({ name: `sdk-smoke-${unique}`, description: 'created by sdk-smoke' }),
    )
    expectStatus(status, 200, 201)
    expect(typeof data.id === 'string' && data.id.startsWith('rol_'), `id ${data.id}`)
    expect(data.name === `sdk-smoke-${unique}`, `name ${data.name}`)
    ctx.role = data
    ctx.cleanup(() => management.roles.delete(data.id).catch(() => {}))
    return `${status} ${data.id}`
  })

  check('roles: get', async (ctx) => {
    const role = ctx.need('role')
    const { data, status } = await raw(management.roles.get(role.id))
    expectStatus(status, 200)
    expect(data.id === role.id && data.name === role.name, `got ${JSON.stringify(data)}`)
    expect(data.description === 'created by sdk-smoke', `description ${data.description}`)
    return `${status}`
  })

  check('roles: list', async (ctx) => {
    const role = ctx.need('role')
    // Two more roles, so listing two per page has to follow pages.
    for (const n of [2, 3]) {
      const extra = await management.roles.create({ name: `sdk-smoke-${unique}-${n}` })
      ctx.cleanup(() => management.roles.delete(extra.id).catch(() => {}))
    }
    const page = await management.roles.list({ name_filter: `sdk-smoke-${unique}` })
    expectStatus(page.rawResponse.status, 200)
    expect(page.data.some((r) => r.id === role.id), `role not in ${JSON.stringify(page.data)}`)
    expect(page.data.length === 3, `name_filter matched ${page.data.length} roles, expected 3`)
    const all = []
    for await (const role of await management.roles.list({ per_page: 2 })) all.push(role)
    expect(all.some((r) => r.id === role.id), 'role not found when iterating all pages')
    expect(new Set(all.map((r) => r.id)).size === all.length, 'a role came twice when iterating pages')
    return `${page.rawResponse.status}, ${page.data.length} filtered, ${all.length} in all pages`
  })

  check('roles: update', async (ctx) => {
    const role = ctx.need('role')
    const { data, status } = await raw(management.roles.update(role.id, { description: 'updated by sdk-smoke' }))
    expectStatus(status, 200)
    expect(data.description === 'updated by sdk-smoke' && data.name === role.name, `got ${JSON.stringify(data)}`)
    const again = await management.roles.get(role.id)
    expect(again.description === 'updated by sdk-smoke', 'update not persisted')
    return `${status}`
  })

  check('roles: delete', async (ctx) => {
    const role = ctx.need('role')
    const { status } = await raw(management.roles.delete(role.id))
    expectStatus(status, 200, 204)
    const err = await rejection(() => management.roles.get(role.id))
    expect(err.statusCode === 404, `get after delete: ${err.statusCode ?? err.message}`)
    return `${status}, then get → 404`
  })
}
