// Drives the official Auth0 Node SDK (npm `auth0` 7.x) against a running `npm run dev`:
//   node scripts/sdk-smoke.mjs [baseUrl]          (default http://127.0.0.1:8787)
// The SDK authenticates with the bootstrap client from .dev.vars, so it goes through
// POST /oauth/token exactly as it would against Auth0. Not part of `npm test`.
//
// To add checks: append `check('<resource>: <what>', async (ctx) => { ... })` calls below.
// Checks run in order and share `ctx`: store what later checks use on it, read it back with
// `ctx.need('key')` (a clear failure if the check that sets it failed); register clean-up with
// `ctx.cleanup(fn)` (run last, newest first, even after failures). Use `raw(promise)` to get
// `{ data, status }`, since the SDK treats any status below 400 as success.
import { ManagementClient } from 'auth0'
import { readDevVars, tokenSettings } from './lib/dev-vars.mjs'

const base = new URL(process.argv[2] ?? 'http://127.0.0.1:8787')
const domain = base.host
const vars = readDevVars()
const { audience } = tokenSettings(vars)

// The SDK always calls https://<domain>; the local server speaks plain http.
const localFetch = (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
  return fetch(url.replace(`https://${domain}`, base.origin), init)
}

const management = new ManagementClient({
  domain,
  audience, // from wrangler.toml / .dev.vars, so a server on another port still accepts it
  clientId: vars.BOOTSTRAP_CLIENT_ID,
  clientSecret: vars.BOOTSTRAP_CLIENT_SECRET,
  fetch: localFetch,
})

const checks = []
const check = (name, fn) => checks.push({ name, fn })

async function raw(promise) {
  const { data, rawResponse } = await promise.withRawResponse()
  return { data, status: rawResponse.status }
}

function expect(condition, message) {
  if (!condition) throw new Error(message)
}

function expectStatus(actual, ...allowed) {
  expect(allowed.includes(actual), `status ${actual}, expected ${allowed.join(' or ')}`)
}

/** Runs `fn` and returns the SDK error it throws; fails if it does not throw. */
async function rejection(fn) {
  try {
    await fn()
  } catch (err) {
    return err
  }
  throw new Error('expected the call to fail, it succeeded')
}

const unique = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`

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
        audience: `https://sdk-smoke-${n}-${unique}.example.com/`,
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

// ---- organization invitations ----------------------------------------------------------

check('invitations: create', async (ctx) => {
  const org = await management.organizations.create({ name: `sdk-smoke-inv-${unique}`, display_name: 'SDK Smoke' })
  ctx.cleanup(() => management.organizations.delete(org.id).catch(() => {}))
  const client = await management.clients.create({
    name: `sdk-smoke-inv-${unique}`,
    app_type: 'regular_web',
    organization_usage: 'allow',
    initiate_login_uri: 'https://app.example.com/login',
  })
  ctx.cleanup(() => management.clients.delete(client.client_id).catch(() => {}))
  const { data, status } = await raw(
    management.organizations.invitations.create(org.id, {
      inviter: { name: 'SDK Smoke' },
      invitee: { email: `sdk-smoke-${unique}@example.com` },
      client_id: client.client_id,
    }),
  )
  expectStatus(status, 201)
  expect(/^uinv_[A-Za-z0-9]{16}$/.test(data.id) && data.organization_id === org.id, `got ${JSON.stringify(data)}`)
  const url = `https://app.example.com/login?invitation=${data.ticket_id}&organization=${org.id}&organization_name=${org.name}`
  expect(data.invitation_url === url, `invitation_url ${data.invitation_url}`)
  Object.assign(ctx, { invOrg: org, invitation: data })
  return `${status}, email queued for ${data.invitee.email} (see the dev server log)`
})

check('invitations: list', async (ctx) => {
  const [org, invitation] = [ctx.need('invOrg'), ctx.need('invitation')]
  const page = await management.organizations.invitations.list(org.id)
  expectStatus(page.rawResponse.status, 200)
  expect(page.data.length === 1 && page.data[0].id === invitation.id, `got ${JSON.stringify(page.data)}`)
  return `${page.rawResponse.status}, ${page.data.length} item`
})

check('invitations: get', async (ctx) => {
  const [org, invitation] = [ctx.need('invOrg'), ctx.need('invitation')]
  const { data, status } = await raw(management.organizations.invitations.get(org.id, invitation.id))
  expectStatus(status, 200)
  expect(JSON.stringify(data) === JSON.stringify(invitation), `got ${JSON.stringify(data)}`)
  return `${status}`
})

check('invitations: delete', async (ctx) => {
  const [org, invitation] = [ctx.need('invOrg'), ctx.need('invitation')]
  // Let the queue (batches wait up to 1 s) send the email first: a deleted invitation's email is never sent.
  await new Promise((resolve) => setTimeout(resolve, 2500))
  const { status } = await raw(management.organizations.invitations.delete(org.id, invitation.id))
  expectStatus(status, 204)
  const err = await rejection(() => management.organizations.invitations.get(org.id, invitation.id))
  expect(err.statusCode === 404 && err.body?.errorCode === 'inexistent_invitation', `get after delete: ${JSON.stringify(err.body)}`)
  return `${status}, then get → 404 inexistent_invitation`
})

// ---- runner ------------------------------------------------------------------------------

const cleanups = []
const ctx = {
  cleanup: (fn) => cleanups.push(fn),
  need(key) {
    if (ctx[key] === undefined) throw new Error(`no ${key}: the check that creates it failed`)
    return ctx[key]
  },
}
let failed = 0
console.log(`sdk-smoke against ${base.origin} (auth0 SDK, domain ${domain})`)
try {
  await fetch(new URL('/.well-known/jwks.json', base))
} catch (err) {
  console.log(`FAIL server not reachable at ${base.origin} (${err.cause?.code ?? err.message}): start it with \`npm run dev\``)
  process.exit(1)
}
for (const { name, fn } of checks) {
  try {
    const detail = await fn(ctx)
    console.log(`OK   ${name}${detail ? ` (${detail})` : ''}`)
  } catch (err) {
    failed++
    const body = err?.body ? ` ${JSON.stringify(err.body)}` : ''
    const cause = err?.cause?.code ? ` (${err.cause.code})` : ''
    console.log(`FAIL ${name}: ${err?.message ?? err}${cause}${body}`)
  }
}
for (const fn of cleanups.reverse()) await fn()
console.log(failed ? `${failed} of ${checks.length} checks failed` : `all ${checks.length} checks passed`)
process.exit(failed ? 1 : 0)
