// What the bench measures: two floors, then the endpoints of issues 8 and 18. Names are `METHOD /path-template`
// with the variant in parentheses. `kind` says which targets apply (read, kv-hit, write, token); the
// D1 rows targets of issue 18 are stated per endpoint:
// - `rowsReturned(body)`: the rows a page's answer is made of; rows read must stay within 10 of it.
//   D1 counts every table row a statement visits, a joined one too: an organization is 1 row, a member 2
//   (membership, user), and with roles 2 more per role (assignment, role) plus 1 for the member's role
//   range (SQLite reads the entry after its last assignment to know the range ended).
// - `maxRowsRead`: a fixed ceiling (a lookup by id or name).
// - `changes`: the rows a write changes, as D1 bills them (a row and each index entry it adds; a counter
//   row it must change), and `events`: the rows its events write (issue 17); rows written must stay within changes + events + 2.
// - `probeOnly`: measured by its probe request only (rows and round trips), not load-tested.
// - `floorTarget: false`: no ≥ 0.8 × floor target (the KV miss, retired by issue 18).
import { benchUserId, seededOrgName } from './seed.mjs'

/** The rows written by one event of the outbox (issue 17): its row, its id and time index entries, and the AUTOINCREMENT sequence. */
const EVENT_ROWS = 4

const API = '/api/v2'
const items = (body, key) => (Array.isArray(body) ? body : body[key])
const perItem = (key, rows) => (body) => items(body, key).length * rows
const memberRows = (body) => items(body, 'members').reduce((n, m) => n + 2 + (m.roles ? 2 * m.roles.length + 1 : 0), 0)
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
  const membersPath = `${API}/organizations/${bigOrg}/members`
  const members = `${membersPath}?include_totals=true&take=50`
  const member = encodeURIComponent(benchUserId(1))
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

  const orgs = perItem('organizations', 1)
  const page = (path, made) => ({ kind: 'read', fixed: true, request: get(path), rowsReturned: made })
  const deepOffset = '?include_totals=true&per_page=100&page=9'
  return [
    { name: 'GET /organizations/{id}', kind: 'read', fixed: true, maxRowsRead: 2, request: get(`${API}/organizations/${ctx.orgId}`) },
    { name: 'GET /organizations/name/{name} (KV hit)', kind: 'kv-hit', fixed: true, request: get(`${API}/organizations/name/${ctx.hitName}`) },
    {
      name: 'GET /organizations/name/{name} (KV miss)',
      kind: 'read',
      maxRowsRead: 2,
      floorTarget: false,
      request: () => ({ method: 'GET', path: `${API}/organizations/name/${missName()}` }),
    },
    { name: 'GET /organizations (checkpoint, first page)', ...page(`${API}/organizations?include_totals=true&take=50`, orgs) },
    { name: `GET /organizations (checkpoint, ${deepOrgs})`, ...page(`${API}/organizations?include_totals=true&take=50${from(ctx.orgsCursor)}`, orgs) },
    { name: 'GET /organizations (offset, first page, include_totals)', ...page(`${API}/organizations?include_totals=true&per_page=50`, orgs) },
    { name: 'GET /organizations/{id}/members (checkpoint, first page)', ...page(members, memberRows) },
    { name: `GET /organizations/{id}/members (checkpoint, ${deepMembers})`, ...page(`${members}${from(ctx.membersCursor)}`, memberRows) },
    { name: 'GET /organizations/{id}/members (checkpoint, first page, fields incl. roles)', ...page(`${members}${withRoles}`, memberRows) },
    { name: `GET /organizations/{id}/members (checkpoint, ${deepMembers}, fields incl. roles)`, ...page(`${members}${withRoles}${from(ctx.membersCursor)}`, memberRows) },
    { name: 'GET /organizations/{id}/members (offset, first page, include_totals)', ...page(`${membersPath}?include_totals=true&per_page=50`, memberRows) },
    // Deep offset pages read the rows they skip (Auth0 stops offset paging at 1,000 records): reported, no target.
    { name: 'GET /organizations (offset, page 9 of 100, include_totals)', kind: 'read', fixed: true, probeOnly: true, request: get(`${API}/organizations${deepOffset}`) },
    { name: 'GET /organizations/{id}/members (offset, page 9 of 100, include_totals)', kind: 'read', fixed: true, probeOnly: true, request: get(`${membersPath}${deepOffset}`) },
    // The other totals, by their probe: a member of the 3 big orgs, holding 2 roles in each; the big org's 1 connection.
    { name: 'GET /users/{id}/organizations (include_totals)', ...page(`${API}/users/${member}/organizations?include_totals=true`, perItem('organizations', 2)), probeOnly: true },
    { name: 'GET /organizations/{id}/members/{user_id}/roles (include_totals)', ...page(`${membersPath}/${member}/roles?include_totals=true`, perItem('roles', 2)), probeOnly: true },
    { name: 'GET /organizations/{id}/enabled_connections (include_totals)', ...page(`${API}/organizations/${bigOrg}/enabled_connections?include_totals=true`, perItem('enabled_connections', 2)), probeOnly: true },
    {
      name: 'POST /organizations',
      kind: 'write',
      // The row and 4 index entries (id, name, created_at, display_name); the tenant's total is the +1.
      changes: 5,
      events: EVENT_ROWS,
      request: () => {
        const i = nextOrg()
        return json('POST', `${API}/organizations`, { name: `bench-new-${runTag}-${i}`, display_name: `Bench New ${i}` })
      },
    },
    {
      name: 'PATCH /organizations/{id}',
      kind: 'write',
      // The row, and its display_name index entry (the old one out, the new one in).
      changes: 3,
      events: EVENT_ROWS,
      request: () => {
        const i = nextPatch()
        const id = ctx.patchIds[i % ctx.patchIds.length]
        return json('PATCH', `${API}/organizations/${id}`, { display_name: `Bench Patched ${i}`, metadata: { run: runTag } })
      },
    },
    {
      name: 'POST /organizations/{id}/members (10 users)',
      kind: 'write',
      // 10 memberships (the row and 3 index entries each) and each user's organization count; the org's member count is the +1.
      changes: 10 * 4 + 10,
      events: 10 * EVENT_ROWS,
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
      // The row and 4 index entries (id, org order, expiry, queued email).
      changes: 5,
      events: 0,
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
