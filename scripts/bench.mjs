// `npm run -s bench [-- --json] [-- --rounds 3 --duration 3 ...]` (`--help` lists the flags): starts
// the Worker with wrangler dev (bench mode, request logging off, throwaway state), seeds Auth0-limit
// scale data straight into local D1, load-tests each endpoint beside two floors, times deletes and the
// big cleanup, and prints a Markdown table on stdout; with --json, only issue 8's JSON document goes to
// stdout (the table then goes to stderr with the progress lines). -s keeps npm's banner off stdout.
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { apiClient, signToken } from './bench/api.mjs'
import { endpoints, floors as floorEndpoints } from './bench/endpoints.mjs'
import { measureEventDelivery } from './bench/events.mjs'
import { floorRps, loadRun, pool, probe } from './bench/load.mjs'
import { buildReport, checkTargets, formatTable } from './bench/report.mjs'
import { drainInvitationEmails, measureDeletes } from './bench/scale.mjs'
import { seedScaleData, seededOrgName } from './bench/seed.mjs'
import { startServer } from './bench/server.mjs'
import { walkCheckpoints } from './bench/walk.mjs'
import { tokenSettings } from './lib/dev-vars.mjs'

const OPTIONS = {
  json: { type: 'boolean', default: false, help: 'print only the JSON document on stdout' },
  connections: { type: 'string', default: '10', help: 'concurrent connections per load run' },
  duration: { type: 'string', default: '2', help: 'seconds of load per run (each endpoint and its floor, each round)' },
  rounds: { type: 'string', default: '5', help: 'rounds over all endpoints, pooled' },
  warmup: { type: 'string', default: '1', help: 'seconds of unmeasured load before each endpoint\'s first round' },
  orgs: { type: 'string', default: '100000', help: 'organizations to seed' },
  members: { type: 'string', default: '100000', help: 'members of each big organization' },
  'big-orgs': { type: 'string', default: '3', help: 'big organizations (each deleted once, cleanups timed)' },
  'small-orgs': { type: 'string', default: '3', help: 'organizations of 10 members (DELETE baseline)' },
  invitations: { type: 'string', default: '1000', help: 'pending invitations seeded in each big organization' },
  'cleanup-cap': { type: 'string', default: '180', help: 'seconds to wait for a big cleanup before giving up' },
  chunk: { type: 'string', default: '20000', help: 'rows per seed call' },
  events: { type: 'string', default: '10000', help: 'events delivered to one webhook stream, timed (0: skip)' },
  only: { type: 'string', default: '', help: 'measure only endpoints whose name matches this regex; skips deletes and cleanup' },
  help: { type: 'boolean', default: false, help: 'show this help' },
}

const log = (line) => process.stderr.write(`[bench] ${line}\n`)

const usage = () => Object.entries(OPTIONS).map(([k, o]) => `  --${k.padEnd(12)} ${o.help}${o.type === 'string' ? ` (default ${o.default})` : ''}`).join('\n')
let values
try {
  ;({ values } = parseArgs({ options: Object.fromEntries(Object.entries(OPTIONS).map(([k, { type, default: d }]) => [k, { type, default: d }])) }))
} catch (err) {
  process.stderr.write(`${err.message}\n${usage()}\n`)
  process.exit(2)
}
if (values.help) {
  process.stderr.write(`${usage()}\n`)
  process.exit(0)
}
const int = (key, min) => {
  const n = Number(values[key])
  if (Number.isInteger(n) && n >= min) return n
  process.stderr.write(`--${key} must be an integer ≥ ${min}\n`)
  process.exit(2)
}
const settings = {
  connections: int('connections', 1),
  duration: int('duration', 1),
  rounds: int('rounds', 1),
  warmup: int('warmup', 0),
  orgs: int('orgs', 2000),
  members: int('members', 100),
  bigOrgs: int('big-orgs', 1),
  smallOrgs: int('small-orgs', 1),
  smallMembers: 10,
  invitations: int('invitations', 0),
  cleanupCap: int('cleanup-cap', 1),
  chunk: int('chunk', 100),
  events: int('events', 0),
}

let server
let interrupted = false
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, async () => {
    if (interrupted) return
    interrupted = true
    log(`${signal}: stopping wrangler and removing ${server?.dir ?? 'the temp dir'}`)
    await server?.stop()
    process.exit(130)
  })
}

const started = performance.now()
let failed = false
try {
  server = await startServer({ log })
  const api = apiClient(server.url, await signToken(server.secrets))
  const fixtures = await seedScaleData(api, settings, log)
  const ctx = await lookUpTargets(api, fixtures)
  const load = {
    baseUrl: server.url,
    headers: { authorization: `Bearer ${api.token}` },
    connections: settings.connections,
    duration: settings.duration,
    cpuMs: server.cpuMs,
  }
  const notes = []
  const only = values.only ? new RegExp(values.only) : null
  const selected = endpoints(ctx).filter((e) => !only || only.test(e.name))
  const { floors, results } = await measureAll([floorEndpoints.noop, floorEndpoints.one_query], selected, load, api, notes)
  if (ctx.missWrapped) notes.push('KV miss run used every seeded name and wrapped around: later requests were hits; raise --orgs or lower --duration')

  // After the load runs (their numbers stay clean), before the deletes (their cleanups would compete).
  const eventDelivery = settings.events ? await measureEventDelivery(api, { events: settings.events, capSeconds: 180, log }) : null
  if (eventDelivery && eventDelivery.delivered < eventDelivery.events) notes.push(`event delivery: ${eventDelivery.delivered} of ${eventDelivery.events} delivered within ${eventDelivery.seconds} s`)

  let deletes = { notes: [], skipped: Boolean(only) }
  let walks
  if (!only) {
    // Before the deletes: every checkpoint page of all organizations and of a big org's members, once.
    log('walking every checkpoint page (take=100): organizations, then the first big org\'s members')
    const orgCount = (await api.get('/api/v2/organizations?include_totals=true&per_page=1')).total
    walks = {
      organizations: await walkCheckpoints(api, { path: '/api/v2/organizations', key: 'organizations', idOf: (o) => o.id, expected: orgCount }),
      members: await walkCheckpoints(api, { path: `/api/v2/organizations/${fixtures.big[0].id}/members`, key: 'members', idOf: (m) => m.user_id, expected: settings.members }),
    }
    for (const [name, w] of Object.entries(walks)) log(`  ${name}: ${w.unique} unique of ${w.items} over ${w.pages} pages in ${w.seconds} s (expected ${w.expected_ok ? 'met' : 'NOT met'})`)
    if (Object.values(walks).some((w) => !w.expected_ok)) notes.push(`checkpoint walk errors: ${JSON.stringify(walks)}`)

    log('waiting for queued invitation emails before the delete measurements')
    const drained = await drainInvitationEmails(api, 120, log)
    if (drained.pending > 0) notes.push(`${drained.pending} invitation emails were still pending when deletes were timed`)
    log('scale: deletes and cleanup')
    deletes = await measureDeletes(api, fixtures, { cleanupCapSeconds: settings.cleanupCap, log })
    notes.push(...deletes.notes)
  }

  failed = notes.some((n) => /non-2xx|errors|probe answered/.test(n) && !/skipped/.test(n))
  const { report, membersRatios } = buildReport({ floors, results, deletes, notes })
  if (eventDelivery) report.event_delivery = eventDelivery
  if (walks) report.walks = walks
  const checks = checkTargets(report, results, { partial: Boolean(only) })
  const totalSeconds = (performance.now() - started) / 1000
  log(`total run time ${totalSeconds.toFixed(0)} s`)
  const table = formatTable({ report, results, floors, deletes, membersRatios, checks, settings })
  const walkText = walks
    ? `\n\nCheckpoint walks (take=100, every page once, as the SDK pages): ${Object.entries(walks)
        .map(([name, w]) => `${name} ${w.unique.toLocaleString('en-US')} unique of ${w.items.toLocaleString('en-US')} in ${w.pages} pages, ${w.seconds} s, ≤ ${w.max_round_trips} D1 round trip per page${w.expected_ok ? '' : ' (MISMATCH)'}`)
        .join('; ')}.`
    : ''
  const eventText = eventDelivery
    ? `\n\nEvent delivery: ${eventDelivery.delivered.toLocaleString('en-US')} of ${eventDelivery.events.toLocaleString('en-US')} events to one webhook stream (a receiver on loopback) in ${eventDelivery.seconds} s, ${eventDelivery.per_second.toLocaleString('en-US')} events/s${eventDelivery.duplicates ? `, ${eventDelivery.duplicates} sent twice` : ''}.`
    : ''
  const tableText = `${table}${walkText}${eventText}\n\nWhole run: ${totalSeconds.toFixed(0)} s (wrangler start, seeding, load, deletes, cleanup).\n`
  if (values.json) {
    process.stderr.write(`\n${tableText}\n`)
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
  } else {
    process.stdout.write(tableText)
  }
  for (const c of checks.filter((c) => c.met === false)) log(`target missed: ${c.target} (${c.value})`)
} catch (err) {
  failed = true
  log(`failed: ${err instanceof Error ? err.stack : err}`)
} finally {
  await server?.stop()
}
process.exit(failed ? 1 : 0)

/** Ids, names and cursors the endpoints need, looked up once before any load. */
async function lookUpTargets(api, fixtures) {
  const deepOrgs = Math.round(settings.orgs * 0.9)
  const deepMembers = Math.round(settings.members * 0.9)
  const cursor = async (query) => (await api.get(`/__bench/cursor?${query}`)).cursor
  const ids = async (offset, count) => (await api.get(`/__bench/organization-ids?offset=${offset}&count=${count}`)).organizations
  const [middle] = await ids(Math.floor(settings.orgs / 2), 1)
  // The KV hit: one seeded name looked up once through the API, which fills KV.
  const hitName = seededOrgName(500)
  await api.get(`/api/v2/organizations/name/${hitName}`)
  return {
    ...fixtures,
    orgs: settings.orgs,
    users: settings.members,
    deepOrgs,
    deepMembers,
    orgsCursor: await cursor(`position=${deepOrgs}`),
    membersCursor: await cursor(`position=${deepMembers}&org_id=${fixtures.big[0].id}`),
    orgId: middle.id,
    patchIds: (await ids(0, 50)).map((o) => o.id),
    hitName,
    missFrom: 1001,
    secrets: server.secrets,
    audience: tokenSettings().audience,
  }
}

/**
 * Probes every endpoint once (status, D1 round trips), then runs `rounds` rounds over all of them in
 * the same order. In every round each endpoint's run sits between two runs of the one-query floor
 * (F0 E1 F1 E2 F2 …), and is compared with their mean: drift on this shared machine during the pair
 * cancels out, where a floor taken on one side only carries it into the ratio. The noop floor runs
 * once per round. Warm-ups only before an endpoint's first round.
 */
async function measureAll(floorList, list, load, api, notes) {
  const [noop, oneQuery] = floorList
  const probes = []
  for (const endpoint of [...floorList, ...list]) probes.push(await probe(endpoint, load))
  const floorRuns = { noop: [], one_query: [] }
  const runs = list.map(() => [])
  const report = (name, run) => {
    const cpu = run.serverCpuMs === null ? '' : `, workerd CPU ${(run.serverCpuMs / run.requests).toFixed(1)} ms/req`
    const failed = run.ok === run.requests ? '' : `, !!! ${run.requests - run.ok} failed`
    const paired = run.floor
      ? ` (one-query floor before/after: ${run.floor.rps.toFixed(0)}/${run.floorAfter.rps.toFixed(0)} req/s, ratio ${(run.rps / floorRps(run)).toFixed(2)})`
      : ''
    log(`  ${name}: ${run.rps.toFixed(0)} req/s, p50 ${run.p50?.toFixed(2)} ms, p99 ${run.p99?.toFixed(2)} ms${cpu}${paired}, load avg ${loadavg()[0].toFixed(1)}${failed}`)
  }
  const loaded = list.filter((e) => !e.probeOnly).length
  log(`load: ${settings.rounds} rounds × ${loaded} endpoints (each between two one-query floor runs; ${list.length - loaded} more measured by their probe only), ${settings.connections} connections, ${settings.duration} s runs`)
  for (const [i, endpoint] of list.entries()) {
    const p = probes[i + 2]
    log(`  probe ${endpoint.name}: ${p.status}, ${p.d1RoundTrips} D1 round trips, ${p.rowsRead} rows read, ${p.rowsWritten} written${p.rowsReturned === null ? '' : ` (answer made of ${p.rowsReturned})`}`)
  }
  for (let round = 1; round <= settings.rounds; round++) {
    log(`round ${round}/${settings.rounds}`)
    const warmup = round === 1 ? settings.warmup : 0
    floorRuns.noop.push(await loadRun(noop, { ...load, warmup }))
    report(noop.name, floorRuns.noop.at(-1))
    let floor = null
    let previous = null
    for (const [i, endpoint] of list.entries()) {
      if (!probes[i + 2].ok || endpoint.probeOnly) continue
      // The floor after one endpoint is the floor before the next.
      floor = await loadRun(oneQuery, { ...load, warmup: floor === null ? warmup : 0 })
      floorRuns.one_query.push(floor)
      if (previous) closePair(previous, floor)
      previous = { name: endpoint.name, run: { ...(await loadRun(endpoint, { ...load, warmup })), floor } }
      runs[i].push(previous.run)
      // Emails are sent by the queue consumer in the same runtime: let them finish before the next run.
      if (endpoint.sendsEmail) await drainInvitationEmails(api, 60, log)
    }
    if (previous) {
      const last = await loadRun(oneQuery, load)
      floorRuns.one_query.push(last)
      closePair(previous, last)
    }
  }
  function closePair({ name, run }, after) {
    run.floorAfter = after
    report(name, run)
  }
  const floors = {
    noop: summarize(noop, probes[0], floorRuns.noop, notes),
    one_query: summarize(oneQuery, probes[1], floorRuns.one_query, notes),
  }
  return { floors, results: list.map((endpoint, i) => summarize(endpoint, probes[i + 2], runs[i], notes)) }
}

function summarize(endpoint, probed, runs, notes) {
  const { kind, maxRowsRead, changes, events, floorTarget, probeOnly } = endpoint
  const base = { name: endpoint.name, kind, probe: probed, spec: { maxRowsRead, changes, events, floorTarget, probeOnly } }
  if (!probed.ok) {
    const missingRoute = probed.status === 404 && /Not Found/.test(probed.body)
    if (endpoint.optional && missingRoute) {
      notes.push(`${endpoint.name} skipped: the route is not there yet (probe answered 404)`)
      log(`${endpoint.name}: SKIPPED, route not found (404)`)
    } else {
      notes.push(`${endpoint.name}: probe answered ${probed.status}: ${probed.body}`)
      log(`!!! ${endpoint.name}: probe answered ${probed.status}: ${probed.body}`)
    }
    return { ...base, skipped: true }
  }
  if (endpoint.probeOnly) return { ...base, probeOnly: true }
  const result = { ...base, ...pool(runs) }
  if (result.non2xx + result.errors + result.timeouts > 0) {
    const summary = `${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts; statuses ${JSON.stringify(result.statuses)}`
    notes.push(`${endpoint.name}: ${summary} during load`)
    log(`!!! ${endpoint.name}: ${summary}`)
  }
  return result
}
