import { collect, expect, expectEachOnce, expectError, expectStatus, raw, rejection, sorted } from './helpers.mjs'

/** Organization members, their roles in the organization, and a user's organizations. */
export function register({ check, management, requests, unique }) {
  check('members: create', async (ctx) => {
    const org = await management.organizations.create({ name: `sdk-smoke-members-${unique}` })
    ctx.cleanup(() => management.organizations.delete(org.id).catch(() => {}))
    const conn = await management.connections.create({ name: `sdk-smoke-members-${unique}`, strategy: 'auth0' })
    ctx.cleanup(() => management.connections.delete(conn.id).catch(() => {}))
    const users = []
    for (const n of [1, 2, 3]) {
      const user = await management.users.create({
        connection: conn.name,
        email: `sdk-smoke-member-${n}-${unique}@example.com`,
        password: 'Smoke-test-pass-1!',
        name: `Member ${n}`,
      })
      ctx.cleanup(() => management.users.delete(user.user_id).catch(() => {}))
      users.push(user)
    }
    const { status } = await raw(management.organizations.members.create(org.id, { members: users.map((u) => u.user_id) }))
    expectStatus(status, 204)
    const again = await raw(management.organizations.members.create(org.id, { members: [users[0].user_id] }))
    expectStatus(again.status, 204)
    Object.assign(ctx, { mOrg: org, mUsers: users })
    return `${status} for 3 users, re-adding one → ${again.status}`
  })

  check('members: list (default checkpoint mode)', async (ctx) => {
    const [org, users] = [ctx.need('mOrg'), ctx.need('mUsers')]
    const ids = users.map((u) => u.user_id)
    const page = await management.organizations.members.list(org.id)
    expectStatus(page.rawResponse.status, 200)
    expectEachOnce(page.data, ids, 'user_id', 'first page')
    expect(page.data.length === 3 && !('next' in page.response) && !('total' in page.response), `body ${JSON.stringify(page.response)}`)
    const member = page.data.find((m) => m.user_id === users[0].user_id)
    expect(member.email === users[0].email && member.name === 'Member 1' && !('roles' in member), `member ${JSON.stringify(member)}`)
    const first = requests.length
    const all = await collect(management.organizations.members.list(org.id, { take: 2 }))
    expectEachOnce(all, ids, 'user_id', 'take=2 pages')
    const sent = requests.slice(first).filter((r) => r.url.pathname.endsWith('/members')).map((r) => r.url.searchParams)
    expect(sent[0].get('include_totals') === 'true' && sent[0].get('take') === '2', `first request ${sent[0]}`)
    expect(sent.length >= 2 && sent[1].get('from'), `followed next: ${sent.length} requests`)
    return `${page.rawResponse.status}, 3 members, no roles; take=2 → ${sent.length} requests`
  })

  check('member roles: assign', async (ctx) => {
    const [org, [user]] = [ctx.need('mOrg'), ctx.need('mUsers')]
    const roles = []
    for (const n of [1, 2]) {
      const role = await management.roles.create({ name: `sdk-smoke-member-${n}-${unique}`, description: `Member role ${n}` })
      ctx.cleanup(() => management.roles.delete(role.id).catch(() => {}))
      roles.push(role)
    }
    const { status } = await raw(management.organizations.members.roles.assign(org.id, user.user_id, { roles: roles.map((r) => r.id) }))
    expectStatus(status, 204)
    const unknown = await rejection(() => management.organizations.members.roles.assign(org.id, user.user_id, { roles: ['rol_XXXXXXXXXXXXXXXX'] }))
    expectError(unknown, 400)
    ctx.mRoles = roles
    return `${status}, unknown role → 400`
  })

  check('member roles: list', async (ctx) => {
    const [org, [user], roles] = [ctx.need('mOrg'), ctx.need('mUsers'), ctx.need('mRoles')]
    const page = await management.organizations.members.roles.list(org.id, user.user_id)
    expectStatus(page.rawResponse.status, 200)
    expect(sorted(page.data.map((r) => r.id)) === sorted(roles.map((r) => r.id)), `roles ${JSON.stringify(page.data)}`)
    const role = page.data.find((r) => r.id === roles[0].id)
    expect(role.name === roles[0].name && role.description === 'Member role 1', `role ${JSON.stringify(role)}`)
    expect(page.response.total === 2 && page.response.limit === 50, `totals ${JSON.stringify({ ...page.response, roles: undefined })}`)
    return `${page.rawResponse.status}, 2 roles`
  })

  check("members: list with fields 'user_id,roles'", async (ctx) => {
    const [org, users, roles] = [ctx.need('mOrg'), ctx.need('mUsers'), ctx.need('mRoles')]
    const all = await collect(management.organizations.members.list(org.id, { fields: 'user_id,roles', include_fields: true }))
    expectEachOnce(all, users.map((u) => u.user_id), 'user_id', 'members')
    expect(all.every((m) => sorted(Object.keys(m)) === sorted(['user_id', 'roles'])), `keys ${JSON.stringify(all)}`)
    const withRoles = all.find((m) => m.user_id === users[0].user_id)
    const expected = roles.map((r) => ({ id: r.id, name: r.name })).sort((a, b) => a.id.localeCompare(b.id))
    const got = [...withRoles.roles].sort((a, b) => a.id.localeCompare(b.id))
    expect(JSON.stringify(got) === JSON.stringify(expected), `roles ${JSON.stringify(withRoles.roles)}`)
    expect(all.filter((m) => m !== withRoles).every((m) => m.roles.length === 0), `others ${JSON.stringify(all)}`)
    return `user_id and roles [{id, name}] only`
  })

  check('member roles: delete', async (ctx) => {
    const [org, [user], [a, b]] = [ctx.need('mOrg'), ctx.need('mUsers'), ctx.need('mRoles')]
    const { status } = await raw(management.organizations.members.roles.delete(org.id, user.user_id, { roles: [a.id] }))
    expectStatus(status, 204)
    const left = (await management.organizations.members.roles.list(org.id, user.user_id)).data
    expect(left.length === 1 && left[0].id === b.id, `left ${JSON.stringify(left)}`)
    const again = await raw(management.organizations.members.roles.delete(org.id, user.user_id, { roles: [a.id] }))
    expectStatus(again.status, 204)
    return `${status}, again ${again.status}`
  })

  check("users: a user's organizations", async (ctx) => {
    const [org, [user]] = [ctx.need('mOrg'), ctx.need('mUsers')]
    const page = await management.users.organizations.list(user.user_id)
    expectStatus(page.rawResponse.status, 200)
    expect(page.data.length === 1 && page.data[0].id === org.id && page.data[0].name === org.name, `got ${JSON.stringify(page.data)}`)
    expect(page.response.total === 1 && page.response.start === 0, `totals ${JSON.stringify({ ...page.response, organizations: undefined })}`)
    return `${page.rawResponse.status}, 1 organization`
  })

  check('members: delete', async (ctx) => {
    const [org, users] = [ctx.need('mOrg'), ctx.need('mUsers')]
    const { status } = await raw(management.organizations.members.delete(org.id, { members: [users[1].user_id] }))
    expectStatus(status, 204)
    const left = await collect(management.organizations.members.list(org.id))
    expect(sorted(left.map((m) => m.user_id)) === sorted([users[0].user_id, users[2].user_id]), `left ${JSON.stringify(left)}`)
    const again = await raw(management.organizations.members.delete(org.id, { members: [users[1].user_id] }))
    expectStatus(again.status, 204)
    const orgs = await management.users.organizations.list(users[1].user_id)
    expect(orgs.data.length === 0, `removed user's organizations ${JSON.stringify(orgs.data)}`)
    return `${status}, again ${again.status}, removed user has no organizations`
  })
}
