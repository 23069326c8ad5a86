import { collect, expect, expectError, expectStatus, raw, rejection, sorted } from './helpers.mjs'

/**
 * What the 2026 SDK adds around roles: organization-level roles (type, owner_id), role permissions and
 * users, and the members holding a role in an organization. Runs after resource-servers.mjs, whose
 * server the permissions name.
 */
export function register({ check, management, unique }) {
  check('roles 2026: organization-level role (type, owner_id) and list filters', async (ctx) => {
    const org = await management.organizations.create({ name: `sdk-smoke-r26-${unique}` })
    ctx.cleanup(() => management.organizations.delete(org.id).catch(() => {}))
    const { data: role, status } = await raw(management.roles.create({ name: `sdk-smoke-org-role-${unique}`, type: 'organization', owner_id: org.id }))
    expectStatus(status, 200)
    ctx.cleanup(() => management.roles.delete(role.id).catch(() => {}))
    expect(role.type === 'organization' && role.owner_id === org.id, `created ${JSON.stringify(role)}`)
    const tenant = await management.roles.create({ name: `sdk-smoke-tenant-role-${unique}` })
    ctx.cleanup(() => management.roles.delete(tenant.id).catch(() => {}))
    expect(tenant.type === 'tenant' && !('owner_id' in tenant), `tenant role ${JSON.stringify(tenant)}`)
    const filtered = await management.roles.list({ type: 'organization', owner_id: org.id })
    expect(filtered.data.length === 1 && filtered.data[0].id === role.id, `filter ${JSON.stringify(filtered.data)}`)
    const updated = await management.roles.update(role.id, { description: 'runs the ship' })
    expect(updated.type === 'organization' && updated.owner_id === org.id && updated.description === 'runs the ship', `updated ${JSON.stringify(updated)}`)
    Object.assign(ctx, { r26Org: org, orgRole: role, tenantRole: tenant })
    return `${status}, filtered by type and owner_id`
  })

  check('roles 2026: organization roles go to members of their organization only; roles.members.list', async (ctx) => {
    const [org, role] = [ctx.need('r26Org'), ctx.need('orgRole')]
    const users = []
    for (const n of [1, 2, 3]) {
      const user = await management.users.create({ connection: 'Username-Password-Authentication', email: `sdk-smoke-r26-${n}-${unique}@example.com`, password: 'Passw0rd!Passw0rd' })
      ctx.cleanup(() => management.users.delete(user.user_id).catch(() => {}))
      users.push(user)
    }
    const outsider = users.pop()
    await management.organizations.members.create(org.id, { members: users.map((u) => u.user_id) })
    for (const u of users) await management.organizations.members.roles.assign(org.id, u.user_id, { roles: [role.id] })
    expectError(await rejection(() => management.organizations.members.roles.assign(org.id, outsider.user_id, { roles: [role.id] })), 400, 'invalid_body')
    const memberRoles = await management.organizations.members.roles.list(org.id, users[0].user_id)
    expect(memberRoles.data[0]?.type === 'organization' && memberRoles.data[0]?.owner_id === org.id, `member roles ${JSON.stringify(memberRoles.data)}`)
    const holders = await collect(management.organizations.roles.members.list(org.id, role.id, { take: 1 }))
    expect(sorted(holders.map((m) => m.user_id)) === sorted(users.map((u) => u.user_id)), `members ${JSON.stringify(holders)}`)
    return `2 members assigned, outsider → 400, ${holders.length} listed over pages of 1`
  })

  check('roles 2026: permissions add, list, delete', async (ctx) => {
    const [role, rs] = [ctx.need('tenantRole'), ctx.need('resourceServer')]
    const perm = (name) => ({ resource_server_identifier: rs.identifier, permission_name: name })
    const { status } = await raw(management.roles.permissions.add(role.id, { permissions: [perm('write:things'), perm('read:things')] }))
    expectStatus(status, 201)
    expectError(await rejection(() => management.roles.permissions.add(role.id, { permissions: [perm('fly:things')] })), 400)
    const listed = await collect(management.roles.permissions.list(role.id))
    expect(
      JSON.stringify(listed.map((p) => p.permission_name)) === JSON.stringify(['read:things', 'write:things']) && listed[0].description === 'Read things',
      `list ${JSON.stringify(listed)}`,
    )
    const removed = await raw(management.roles.permissions.delete(role.id, { permissions: [perm('read:things')] }))
    expectStatus(removed.status, 204, 200)
    expect((await collect(management.roles.permissions.list(role.id))).length === 1, 'delete did not remove')
    return `add ${status}, outside scope → 400, delete ${removed.status}`
  })

  check('roles 2026: users assign and list (checkpoint)', async (ctx) => {
    const role = ctx.need('tenantRole')
    const users = []
    for (const n of [1, 2, 3]) {
      const user = await management.users.create({ connection: 'Username-Password-Authentication', email: `sdk-smoke-ru-${n}-${unique}@example.com`, password: 'Passw0rd!Passw0rd' })
      ctx.cleanup(() => management.users.delete(user.user_id).catch(() => {}))
      users.push(user)
    }
    const { status } = await raw(management.roles.users.assign(role.id, { users: users.map((u) => u.user_id) }))
    expectStatus(status, 200)
    const listed = await collect(management.roles.users.list(role.id, { take: 2 }))
    expect(sorted(listed.map((u) => u.user_id)) === sorted(users.map((u) => u.user_id)), `list ${JSON.stringify(listed)}`)
    expectError(await rejection(() => management.roles.users.assign(ctx.need('orgRole').id, { users: [users[0].user_id] })), 400)
    return `${status}, ${listed.length} over pages of 2, org role → 400`
  })
}
