// What the bench measures: two floors, then the endpoints of issue 8. Names are `METHOD /path-template`
// with the variant in parentheses. `kind` says which targets apply (read, kv-hit, write, token).
import { benchUserId, seededOrgName } from './seed.mjs'

const API = '/api/v2'
const get = (path) => () => ({ method: 'GET', path })
const json = (method, path, body) => ({ method, path, body: JSON.stringify(body) })

export const floors = {
  noop: { name: 'GET /__bench/noop', fixed: true, request: get('/__bench/noop') },
  one_query: { name: 'GET /__bench/one-query', fixed: true, request: get('/__bench/one-query') },
}

/**
 * `ctx`: seeded fixtures plus what setup looked up (see bench.mjs): an org id, a warm name, cursors,
 * org ids to PATCH, the invitation client, the bootstrap secrets, and the cursor positions `deepOrgs`, `deepMembers`.
 */
export function endpoints(ctx) {
  const deepOrgs = `from #${ctx.deepOrgs.toLocaleString('en-US')}`
  const deepMembers = `from #${ctx.deepMembers.toLocaleString('en-US')}`
  const bigOrg = ctx.big[0].id
  const members = `${API}/organizations/${bigOrg}/members?include_totals=true&take=50`
  const withRoles = '&fields=user_id,email,picture,name,roles'
  const from = (cursor) => `&from=${encodeURIComponent(cursor)}`
  const counter = () => {
    let i = 0
    return () => i++
  }

  // A KV miss: every request asks for a seeded org never looked up before, so KV has no entry for it
  // (seeding writes D1 only). Each miss then refills KV, as a real miss does; names are never reused.
  const nextMissName = counter()
  const missName = () => {
    const i = nextMissName()
    const span = ctx.orgs - ctx.missFrom + 1
    // Past the last seeded name the run would start hitting: flagged and reported, never silent.
    if (i >= span) ctx.missWrapped = true
    return seededOrgName(ctx.missFrom + (i % span))
  }
  const nextOrg = counter()
  const nextPatch = counter()
  const nextMembers = counter()
  const nextInvite = counter()
  const runTag = Date.now().toString(36)

  return [
    { name: 'GET /organizations/{id}', kind: 'read', fixed: true, request: get(`${API}/organizations/${ctx.orgId}`) },
    { name: 'GET /organizations/name/{name} (KV hit)', kind: 'kv-hit', fixed: true, request: get(`${API}/organizations/name/${ctx.hitName}`) },
    { name: 'GET /organizations/name/{name} (KV miss)', kind: 'read', request: () => ({ method: 'GET', path: `${API}/organizations/name/${missName()}` }) },
    { name: 'GET /organizations (checkpoint, first page)', kind: 'read', fixed: true, request: get(`${API}/organizations?include_totals=true&take=50`) },
    { name: `GET /organizations (checkpoint, ${deepOrgs})`, kind: 'read', fixed: true, request: get(`${API}/organizations?include_totals=true&take=50${from(ctx.orgsCursor)}`) },
    { name: 'GET /organizations/{id}/members (checkpoint, first page)', kind: 'read', fixed: true, request: get(members) },
    { name: `GET /organizations/{id}/members (checkpoint, ${deepMembers})`, kind: 'read', fixed: true, request: get(`${members}${from(ctx.membersCursor)}`) },
    { name: 'GET /organizations/{id}/members (checkpoint, first page, fields incl. roles)', kind: 'read', fixed: true, request: get(`${members}${withRoles}`) },
    { name: `GET /organizations/{id}/members (checkpoint, ${deepMembers}, fields incl. roles)`, kind: 'read', fixed: true, request: get(`${members}${withRoles}${from(ctx.membersCursor)}`) },
    {
      name: 'POST /organizations',
      kind: 'write',
      request: () => {
        const i = nextOrg()
        return json('POST', `${API}/organizations`, { name: `bench-new-${runTag}-${i}`, display_name: `Bench New ${i}` })
      },
    },
    {
      name: 'PATCH /organizations/{id}',
      kind: 'write',
      request: () => {
        const i = nextPatch()
        const id = ctx.patchIds[i % ctx.patchIds.length]
        return json('PATCH', `${API}/organizations/${id}`, { display_name: `Bench Patched ${i}`, metadata: { run: runTag } })
      },
    },
    {
      name: 'POST /organizations/{id}/members (10 users)',
      kind: 'write',
      request: () => {
        // Ten seeded users not yet in the target org (until the pool of seeded users wraps around).
        const first = (nextMembers() * 10) % ctx.users
        const ids = Array.from({ length: 10 }, (_, k) => benchUserId(((first + k) % ctx.users) + 1))
        return json('POST', `${API}/organizations/${ctx.membersTarget.id}/members`, { members: ids })
      },
    },
    {
      name: 'POST /organizations/{id}/invitations',
      kind: 'write',
      optional: true,
      sendsEmail: true,
      request: () => {
        const i = nextInvite()
        return json('POST', `${API}/organizations/${ctx.invitationsTarget.id}/invitations`, {
          inviter: { name: 'Bench Inviter' },
          invitee: { email: `invitee-${runTag}-${i}@example.com` },
          client_id: ctx.client.client_id,
        })
      },
    },
    {
      name: 'POST /oauth/token',
      kind: 'token',
      fixed: true,
      request: () =>
        json('POST', '/oauth/token', {
          grant_type: 'client_credentials',
          client_id: ctx.secrets.BOOTSTRAP_CLIENT_ID,
          client_secret: ctx.secrets.BOOTSTRAP_CLIENT_SECRET,
          audience: ctx.audience,
        }),
    },
  ]
}
