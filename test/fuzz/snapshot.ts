import { env } from 'cloudflare:workers'

/**
 * Columns and tables that the queue consumer writes in the background (invitation email delivery,
 * cleanup bookkeeping, failed jobs, event delivery): a request's own writes never land there after it answered, and a
 * job finishing during a later request must not read as that request's write. Cleanups' dependent
 * deletes are settled by the suite after each accepted write instead (runPendingCleanups).
 */
const JOB_OWNED: Record<string, readonly string[] | 'all'> = {
  invitations: ['email_state'],
  cleanups: ['state', 'finished_at'],
  dead_letters: 'all',
  job_failures: 'all',
  // Event delivery: the dispatcher's lease and expiry mark, each stream's delivered position, failed deliveries.
  events_state: 'all',
  event_streams: ['cursor'],
  event_deliveries: 'all',
}

interface Table {
  name: string
  sql: string
}

let tables: Promise<Table[]> | undefined

/** Every table of the schema (migrations included, whatever they add) and the statement that reads it whole. */
function schemaTables(): Promise<Table[]> {
  return (tables ??= (async () => {
    const { results } = await env.DB.prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%' ORDER BY name`,
    ).all<{ name: string }>()
    const out: Table[] = []
    for (const { name } of results) {
      const owned = JOB_OWNED[name]
      if (owned === 'all') continue
      const columns = (await env.DB.prepare(`SELECT name FROM pragma_table_info(?)`).bind(name).all<{ name: string }>()).results
        .map((c) => c.name)
        .filter((c) => !owned?.includes(c))
      const row = `json_array(${columns.map((c) => `"${c}"`).join(', ')})`
      out.push({ name, sql: `SELECT count(*) AS n, coalesce(group_concat(r, char(10)), '') AS rows FROM (SELECT ${row} AS r FROM "${name}" ORDER BY r)` })
    }
    return out
  })())
}

/** Row count and SHA-256 of the rows of every table, read in one D1 batch. */
export type Snapshot = Record<string, { rows: number; sha256: string }>

export async function snapshot(): Promise<Snapshot> {
  const all = await schemaTables()
  const results = await env.DB.batch<{ n: number; rows: string }>(all.map((t) => env.DB.prepare(t.sql)))
  const out: Snapshot = {}
  for (const [i, t] of all.entries()) {
    const { n, rows } = results[i]!.results[0]!
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(rows))
    out[t.name] = { rows: n, sha256: [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('') }
  }
  return out
}

/** The tables whose rows differ between two snapshots, with their row counts before → after. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  return Object.keys({ ...before, ...after })
    .filter((t) => before[t]?.sha256 !== after[t]?.sha256)
    .map((t) => `${t} (${before[t]?.rows ?? 0} → ${after[t]?.rows ?? 0} rows)`)
}
