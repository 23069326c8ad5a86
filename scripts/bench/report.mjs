// Turns measurements into issue 8's JSON document and a Markdown table (pasteable into the README),
// and checks them against the targets.

const round = (value, digits) => (value === null || value === undefined || !Number.isFinite(value) ? null : Number(value.toFixed(digits)))

/** Deep over first page p50, each first normalized by the p50 of the floor run paired with it. */
const deepOverFirst = (deep, first) => (deep?.p50OverFloor && first?.p50OverFloor ? deep.p50OverFloor / first.p50OverFloor : null)

/**
 * The JSON document of issue 8: floor, endpoints, scale (and `notes` only when something is off).
 * An endpoint's `ratio_to_one_query` is the median over rounds of its requests/s over the mean of the
 * one-query floor runs just before and just after it; the floors' own ratios compare their pooled requests/s.
 */
export function buildReport({ floors, results, deletes, notes }) {
  const row = (r, ratio) => ({
    rps: round(r.rps, 1),
    p50_ms: round(r.p50, 2),
    p99_ms: round(r.p99, 2),
    d1_round_trips: r.probe.d1RoundTrips,
    // D1's own count for the probe request (rows are the same for every request of a fixed endpoint).
    rows_read: r.probe.rowsRead,
    rows_written: r.probe.rowsWritten,
    ...(r.probe.rowsReturned !== null && r.probe.rowsReturned !== undefined && { rows_returned: r.probe.rowsReturned }),
    ratio_to_one_query: round(ratio, 2),
    ...(r.probeOnly && { probe_only: true }),
  })
  const measured = results.filter((r) => !r.skipped)
  const byName = (pattern) => measured.find((r) => pattern.test(r.name))
  const membersRatios = [
    deepOverFirst(byName(/members \(checkpoint, from #[\d,]+\)$/), byName(/members \(checkpoint, first page\)$/)),
    deepOverFirst(byName(/members \(checkpoint, from #.*roles\)$/), byName(/members \(checkpoint, first page, fields incl\. roles\)$/)),
  ]
  const hit = byName(/\(KV hit\)$/)
  const miss = byName(/\(KV miss\)$/)
  const known = membersRatios.filter((x) => x !== null)
  const report = {
    floor: { noop: row(floors.noop, floors.noop.rps / floors.one_query.rps), one_query: row(floors.one_query, 1) },
    endpoints: measured.map((r) => ({ name: r.name, ...row(r, r.rpsOverFloor) })),
    scale: {
      orgs_checkpoint_deep_over_first: round(
        deepOverFirst(byName(/^GET \/organizations \(checkpoint, from #/), byName(/^GET \/organizations \(checkpoint, first page\)$/)),
        2,
      ),
      // The worse of the two member variants (without and with roles).
      members_checkpoint_deep_over_first: round(known.length ? Math.max(...known) : null, 2),
      delete_org_100k_over_10: round(deletes.bigOverSmall, 2),
      cleanup_100k_seconds: round(deletes.cleanupSeconds, 1),
      // Hit over miss requests/s (each relative to its paired floor): 1 or more means a hit is at least as fast.
      name_lookup_kv_hit_over_miss: round(hit?.rpsOverFloor && miss?.rpsOverFloor ? hit.rpsOverFloor / miss.rpsOverFloor : null, 2),
    },
  }
  if (notes.length) report.notes = notes
  return { report, membersRatios }
}

/** Slack in rows read over the rows a page's answer is made of (issue 18). */
export const ROWS_SLACK = 10

/**
 * The targets of issues 8 and 18, each with the figure it judged and whether it is met. In a
 * `partial` run (--only) a figure that was not measured is `met: null`, neither met nor missed.
 */
export function checkTargets(report, results, { partial = false } = {}) {
  const checks = []
  const byName = new Map(results.map((r) => [r.name, r]))
  for (const e of report.endpoints) {
    const { kind, spec } = byName.get(e.name)
    if (kind === 'read') checks.push([`${e.name}: 1 D1 round trip`, e.d1_round_trips === 1, e.d1_round_trips])
    if (kind === 'kv-hit') checks.push([`${e.name}: 0 D1 round trips`, e.d1_round_trips === 0, e.d1_round_trips])
    if (kind === 'write') checks.push([`${e.name}: ≤ 2 D1 round trips`, e.d1_round_trips !== null && e.d1_round_trips <= 2, e.d1_round_trips])
    if ((kind === 'read' || kind === 'kv-hit') && spec.floorTarget !== false && !spec.probeOnly) {
      checks.push([`${e.name}: ≥ 0.8 × one-query floor rps`, e.ratio_to_one_query >= 0.8, e.ratio_to_one_query])
    }
    if (e.rows_returned !== undefined) {
      const max = e.rows_returned + ROWS_SLACK
      checks.push([`${e.name}: rows read ≤ rows returned (${e.rows_returned}) + ${ROWS_SLACK}`, e.rows_read !== null && e.rows_read <= max, e.rows_read])
    }
    if (spec.maxRowsRead !== undefined) checks.push([`${e.name}: rows read ≤ ${spec.maxRowsRead}`, e.rows_read !== null && e.rows_read <= spec.maxRowsRead, e.rows_read])
    if (spec.changes !== undefined) {
      const max = spec.changes + (spec.events ?? 0) + 2
      checks.push([`${e.name}: rows written ≤ changed ${spec.changes} + events ${spec.events ?? 0} + 2`, e.rows_written !== null && e.rows_written <= max, e.rows_written])
    }
  }
  const s = report.scale
  const le = (v, max) => v !== null && v <= max
  checks.push(['orgs: deep page ≤ 1.3 × first page', le(s.orgs_checkpoint_deep_over_first, 1.3), s.orgs_checkpoint_deep_over_first])
  checks.push(['members: deep page ≤ 1.3 × first page', le(s.members_checkpoint_deep_over_first, 1.3), s.members_checkpoint_deep_over_first])
  checks.push(['DELETE 100,000-member org ≤ 1.3 × 10-member org', le(s.delete_org_100k_over_10, 1.3), s.delete_org_100k_over_10])
  checks.push(['100,000-member cleanup ≤ 120 s', le(s.cleanup_100k_seconds, 120), s.cleanup_100k_seconds])
  checks.push(['KV hit ≥ KV miss (hit rps / miss rps ≥ 1)', s.name_lookup_kv_hit_over_miss !== null && s.name_lookup_kv_hit_over_miss >= 1, s.name_lookup_kv_hit_over_miss])
  const ev = report.event_delivery
  if (ev) checks.push([`${ev.events.toLocaleString('en-US')} events to one stream delivered ≤ 60 s`, ev.delivered === ev.events && ev.seconds <= 60, ev.seconds])
  return checks.map(([target, met, value]) => ({ target, met: partial && (value === null || value === undefined) ? null : met, value }))
}

/** Rows read, and in parentheses the rows the answer is made of when the endpoint states them. */
const rowsCell = (read, returned) => (read === null || read === undefined ? '–' : returned === undefined ? `${read}` : `${read} (${returned})`)

const fmt = (v, digits = 2) => (v === null || v === undefined ? '–' : Number(v).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }))

/** Markdown: endpoints (floors first), scale figures, targets. */
export function formatTable({ report, results, floors, deletes, membersRatios, checks, settings }) {
  const lines = []
  lines.push(
    `${settings.connections} connections; ${settings.rounds} rounds of ${settings.duration} s runs per endpoint, each between two ` +
      `one-query floor runs (${settings.warmup} s warm-up first); figures pooled over the rounds, "× one-query floor" is the median ` +
      'over rounds of the run\'s req/s over the mean of its two floors. Loopback; wrangler dev (local workerd, local D1, KV and Queues). ' +
      'Rows read and written are D1\'s own count for one request (its probe); "rows read" shows in parentheses the rows a page\'s answer is made of, where a target is stated against them.',
  )
  lines.push('')
  lines.push('| endpoint | req/s | p50 ms | p99 ms | D1 round trips | rows read | rows written | × one-query floor | workerd CPU ms/req | non-2xx |')
  lines.push('|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|')
  const failures = (r) => (r.probeOnly ? '–' : r.non2xx + r.errors === 0 ? '0' : `**${r.non2xx} (+${r.errors} errors)**`)
  const rowOf = (name, r, e) =>
    `| ${name}${r.probeOnly ? ' (probe only)' : ''} | ${fmt(e.rps, 0)} | ${fmt(e.p50_ms)} | ${fmt(e.p99_ms)} | ${e.d1_round_trips ?? '–'} | ${rowsCell(e.rows_read, e.rows_returned)} | ${e.rows_written ?? '–'} | ${fmt(e.ratio_to_one_query)} | ${fmt(r.cpuMsPerRequest, 1)} | ${failures(r)} |`
  lines.push(rowOf('floor: `GET /__bench/noop`', floors.noop, report.floor.noop))
  lines.push(rowOf('floor: `GET /__bench/one-query`', floors.one_query, report.floor.one_query))
  for (const r of results) {
    if (r.skipped) {
      lines.push(`| ${r.name} | skipped: probe answered ${r.probe.status} | | | | | | | | |`)
      continue
    }
    lines.push(rowOf(r.name, r, report.endpoints.find((e) => e.name === r.name)))
  }
  const s = report.scale
  lines.push('')
  lines.push('| scale figure | value |')
  lines.push('|---|--:|')
  lines.push(`| orgs: deep page p50 / first page p50 (each over its paired floor p50) | ${fmt(s.orgs_checkpoint_deep_over_first)} |`)
  lines.push(`| members: deep page p50 / first page p50 (without / with roles) | ${fmt(membersRatios[0])} / ${fmt(membersRatios[1])} |`)
  if (deletes.skipped) {
    lines.push('| DELETE 100,000-member org / 10-member org | not measured (--only) |')
    lines.push('| seconds until the 100,000-member cleanup is complete | not measured (--only) |')
  } else {
    lines.push(
      `| DELETE 100,000-member org / 10-member org, each over its one-query control (raw medians ${fmt(deletes.deleteBigMs)} ms of ${deletes.deleteBigSamples} / ${fmt(deletes.deleteSmallMs)} ms of ${deletes.deleteSmallSamples}; ${deletes.deleteRoundTrips} D1 round trip) | ${fmt(s.delete_org_100k_over_10)} |`,
    )
    lines.push(`| seconds until the 100,000-member cleanup is complete | ${s.cleanup_100k_seconds === null ? '**timed out**' : fmt(s.cleanup_100k_seconds, 1)} |`)
  }
  lines.push(`| name lookup: KV hit req/s / KV miss req/s (each over its paired floor) | ${fmt(s.name_lookup_kv_hit_over_miss)} |`)
  lines.push('')
  lines.push('| target | value | met |')
  lines.push('|---|--:|:-:|')
  for (const c of checks) lines.push(`| ${c.target} | ${c.value ?? '–'} | ${c.met === null ? 'not measured' : c.met ? 'yes' : '**no**'} |`)
  if (report.notes?.length) {
    lines.push('')
    for (const n of report.notes) lines.push(`- **note:** ${n}`)
  }
  return lines.join('\n')
}
