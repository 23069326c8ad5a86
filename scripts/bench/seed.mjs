// Scale data written straight into local D1 through the bench-only seed routes (set-based SQL in
// the Worker, `chunk` rows per call), never through the public API: 100,000 organizations, big
// organizations of 100,000 members holding 2 roles each plus pending invitations, and small
// organizations of 10 members shaped the same way.

const DAY_MS = 86_400_000

/** Seeded user n is `auth0|bench<n, 6 digits>` (src/db/bench.ts builds the same id in SQL). */
export const benchUserId = (n) => `auth0|bench${String(n).padStart(6, '0')}`
export const seededOrgName = (n) => `bench-org-${String(n).padStart(6, '0')}`

export async function seedScaleData(api, opts, log) {
  const { orgs, members, bigOrgs, smallOrgs, smallMembers, invitations, chunk } = opts
  // Seeded rows are dated in the past (one ms apart), so anything the API creates later sorts after them.
  const baseMs = Date.now() - 30 * DAY_MS
  const seed = (what, body) => api.post(`/__bench/seed/${what}`, body)
  const inChunks = async (label, total, insert) => {
    const started = performance.now()
    let inserted = 0
    for (let from = 1; from <= total; from += chunk) inserted += (await insert(from, Math.min(chunk, total - from + 1))).inserted
    log(`  ${label}: ${inserted.toLocaleString('en-US')} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`)
    return inserted
  }

  const started = performance.now()
  log(`seeding: ${orgs.toLocaleString('en-US')} orgs, ${bigOrgs} × ${members.toLocaleString('en-US')} members, ${smallOrgs} × ${smallMembers} members`)
  const { roles } = await seed('roles', { names: ['bench-admin', 'bench-viewer'] })
  const roleIds = roles.map((r) => r.id)
  const client = await createInvitationClient(api)

  await inChunks('users', members, (from, count) => seed('users', { from, count, base_ms: baseMs }))
  await inChunks('organizations', orgs, (from, count) => seed('organizations', { from, count, base_ms: baseMs, prefix: 'bench-org' }))

  const org = (name) => seed('organization', { name })
  const populate = async (target, size, invites) => {
    await inChunks(`${target.name} members + roles`, size, (from, count) =>
      seed('members', { org_id: target.id, from, count, base_ms: baseMs, role_ids: roleIds }),
    )
    if (invites > 0) await seed('invitations', { org_id: target.id, from: 1, count: invites, base_ms: baseMs, client_id: client.client_id })
  }
  const big = []
  for (let i = 1; i <= bigOrgs; i++) {
    big.push(await org(`bench-big-${i}`))
    await populate(big.at(-1), members, invitations)
  }
  const small = []
  for (let i = 1; i <= smallOrgs; i++) {
    small.push(await org(`bench-small-${i}`))
    // Same shape as the big ones, scaled down: members with 2 roles, invitations in proportion (at least 1).
    await populate(small.at(-1), smallMembers, Math.max(1, Math.round((invitations * smallMembers) / members)))
  }
  // Deleted unmeasured first, so the first timed DELETE does not pay for a cold code path.
  const deleteWarmup = await org('bench-delete-warmup')
  await populate(deleteWarmup, smallMembers, 1)
  const membersTarget = await org('bench-members-target')
  const invitationsTarget = await org('bench-invitations-target')
  log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return { roleIds, client, big, small, deleteWarmup, membersTarget, invitationsTarget }
}

/** A client the invitation endpoint accepts: organizations allowed and a login route to link to. */
async function createInvitationClient(api) {
  return api.post('/api/v2/clients', {
    name: 'bench-invitations',
    app_type: 'regular_web',
    initiate_login_uri: 'https://app.example.com/login',
    organization_usage: 'allow',
  })
}
