// Turns the proxy's request records into a short table: one line per endpoint, query keys and
// status, with ids folded so that 40 organizations make one line, not 40.

// Path segments that name a collection; the segment after one is an id (or `name/<name>`).
const COLLECTIONS = new Set([
  'organizations', 'members', 'roles', 'invitations', 'enabled_connections', 'connections', 'client-grants',
  'clients', 'discovery-domains', 'users', 'resource-servers', 'event-streams', 'deliveries', 'credentials',
])

/** `/api/v2/organizations/org_1/connections/con_2` → `/api/v2/organizations/{id}/connections/{id}`. */
export function pathTemplate(path) {
  const parts = path.split('/')
  return parts
    .map((segment, i) => {
      if (COLLECTIONS.has(parts[i - 1]) && segment !== 'name') return '{id}'
      if (parts[i - 1] === 'name' && COLLECTIONS.has(parts[i - 2])) return '{name}'
      return segment
    })
    .join('/')
}

/** The distinct query keys in the order sent, e.g. `?page&per_page&include_totals`. */
function queryKeys(query) {
  const keys = [...new Set([...new URLSearchParams(query).keys()])]
  return keys.length ? `?${keys.join('&')}` : ''
}

/** Groups records by method, path template, query keys and status, in first-seen order. */
export function aggregate(records) {
  const groups = new Map()
  for (const r of records) {
    const endpoint = `${r.method} ${pathTemplate(r.path)}${queryKeys(r.query)}`
    const key = `${endpoint} ${r.status}`
    const group = groups.get(key) ?? { endpoint, status: r.status, count: 0, example: r }
    group.count++
    groups.set(key, group)
  }
  return [...groups.values()]
}

/** Lines for the console: failures marked FAIL, with the first failing answer's body. */
export function formatSummary(title, records) {
  const groups = aggregate(records)
  const failures = records.filter((r) => r.status >= 400 || r.status === 0).length
  const lines = [`${title}: ${records.length} requests, ${failures} failed`]
  for (const g of groups) {
    const failed = g.status >= 400 || g.status === 0
    lines.push(`  ${failed ? 'FAIL' : 'ok  '} ${String(g.status || '---')} ×${String(g.count).padEnd(3)} ${g.endpoint}`)
    if (failed && g.example.responseBody) lines.push(`         ${g.example.responseBody.slice(0, 200)}`)
  }
  return { lines, failures }
}
