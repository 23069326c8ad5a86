// Drives the official Auth0 Node SDK (npm `auth0` 7.x) against a running `npm run dev`:
//   node scripts/sdk-smoke.mjs [baseUrl]          (default http://127.0.0.1:8787)
// The SDK authenticates with the bootstrap client from .dev.vars, so it goes through
// POST /oauth/token exactly as it would against Auth0. Not part of `npm test`.
//
// The checks live in scripts/sdk-smoke/<resource>.mjs; each file exports a `register` function
// that calls `check('<resource>: <what>', async (ctx) => { ... })`. Checks run in registration
// order and share `ctx`: store what later checks use on it, read it back with `ctx.need('key')`
// (a clear failure if the check that sets it failed); register clean-up with `ctx.cleanup(fn)`
// (run last, newest first, even after failures). Helpers (`raw` for `{ data, status }`, since
// the SDK treats any status below 400 as success; `rejection`, `expect`...) are in helpers.mjs.
import { ManagementClient } from 'auth0'
import { readDevVars, tokenSettings } from './lib/dev-vars.mjs'
import { register as clientGrants } from './sdk-smoke/client-grants.mjs'
import { register as enabledConnections } from './sdk-smoke/enabled-connections.mjs'
import { register as eventStreams } from './sdk-smoke/event-streams.mjs'
import { register as invitations } from './sdk-smoke/invitations.mjs'
import { register as members } from './sdk-smoke/members.mjs'
import { register as organizationClients } from './sdk-smoke/organization-clients.mjs'
import { register as organizations } from './sdk-smoke/organizations.mjs'
import { register as organizations2026 } from './sdk-smoke/organizations-2026.mjs'
import { register as resourceServers } from './sdk-smoke/resource-servers.mjs'
import { register as roles } from './sdk-smoke/roles.mjs'
import { register as roles2026 } from './sdk-smoke/roles-2026.mjs'
import { register as tenant } from './sdk-smoke/tenant.mjs'

const base = new URL(process.argv[2] ?? 'http://127.0.0.1:8787')
const domain = base.host
const vars = readDevVars()
const { audience } = tokenSettings(vars)

/** Every request the SDK made (method and local URL), so checks can see what it sent. */
const requests = []

// The SDK always calls https://<domain>; the local server speaks plain http.
const localFetch = (input, init) => {
  const url = (typeof input === 'string' ? input : input instanceof URL ? input.href : input.url).replace(`https://${domain}`, base.origin)
  requests.push({ method: init?.method ?? 'GET', url: new URL(url) })
  return fetch(url, init)
}

/** A ManagementClient that gets its token with these client credentials. */
const connect = (clientId, clientSecret) =>
  new ManagementClient({
    domain,
    audience, // from wrangler.toml / .dev.vars, so a server on another port still accepts it
    clientId,
    clientSecret,
    fetch: localFetch,
  })

const management = connect(vars.BOOTSTRAP_CLIENT_ID, vars.BOOTSTRAP_CLIENT_SECRET)

const checks = []
const check = (name, fn) => checks.push({ name, fn })
const unique = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
const env = { check, management, connect, audience, requests, unique }

for (const register of [
  roles, tenant, clientGrants, organizations, organizations2026, resourceServers, roles2026, organizationClients, members, enabledConnections, invitations,
  eventStreams,
]) register(env)

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
