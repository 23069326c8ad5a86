// Scale figures that are single events rather than load: DELETE of a 10-member org vs a
// 100,000-member org, and how long the queue takes to clean up after a big delete. An org can be
// deleted once, so small and big deletes alternate (each under the same background conditions),
// every cleanup finishes before the next delete, and each DELETE's time is also taken relative to
// one-query requests made just before it, so a busy moment on the machine does not pass for cost.

import { median } from './load.mjs'

const POLL_MS = 250
const CONTROLS = 5

export async function measureDeletes(api, fixtures, { cleanupCapSeconds, log }) {
  const notes = []
  const small = []
  const big = []
  const cleanups = []
  if (fixtures.deleteWarmup) {
    await timedDelete(api, fixtures.deleteWarmup)
    await waitCleanup(api, fixtures.deleteWarmup, 30)
  }
  const pairs = Math.max(fixtures.small.length, fixtures.big.length)
  for (let i = 0; i < pairs; i++) {
    const smallOrg = fixtures.small[i]
    if (smallOrg) {
      small.push(await timedDelete(api, smallOrg))
      const done = await waitCleanup(api, smallOrg, 30)
      if (done.timedOut) notes.push(`cleanup of ${smallOrg.name} (10 members) not done after 30 s`)
    }
    const bigOrg = fixtures.big[i]
    if (!bigOrg || cleanups.some((c) => c.timedOut)) continue
    const deleted = await timedDelete(api, bigOrg)
    big.push(deleted)
    const timing = (d) => `${d.ms.toFixed(1)} ms (one-query control ${d.controlMs.toFixed(1)} ms)`
    log(`  DELETE ${smallOrg?.name ?? '-'}: ${small.at(-1) ? timing(small.at(-1)) : '-'}; DELETE ${bigOrg.name}: ${timing(deleted)}; waiting for its cleanup`)
    const cleanup = await waitCleanup(api, bigOrg, cleanupCapSeconds)
    cleanups.push(cleanup)
    if (cleanup.timedOut) {
      // A further big delete would run beside the unfinished cleanup and time that instead.
      notes.push(`cleanup of ${bigOrg.name} not done after ${cleanupCapSeconds} s (state ${cleanup.state}); stopped waiting`)
    } else {
      log(`  cleanup of ${bigOrg.name} done in ${cleanup.seconds.toFixed(1)} s (observed ${cleanup.observed.toFixed(1)} s), no rows left`)
    }
  }
  log(`  DELETE 10-member orgs: ${small.map((d) => d.ms.toFixed(1)).join(', ')} ms; 100,000-member orgs: ${big.map((d) => d.ms.toFixed(1)).join(', ')} ms`)
  const finished = cleanups.filter((c) => !c.timedOut)
  const relative = (deletes) => median(deletes.map((d) => d.ms / d.controlMs))
  return {
    notes,
    deleteSmallMs: median(small.map((d) => d.ms)),
    deleteBigMs: median(big.map((d) => d.ms)),
    // Median DELETE time over its own one-query control time, big over small.
    bigOverSmall: relative(big) / relative(small),
    deleteRoundTrips: Math.max(...small.concat(big).map((d) => d.d1RoundTrips ?? NaN)),
    deleteSmallSamples: small.length,
    deleteBigSamples: big.length,
    // The slowest big cleanup, or null when one did not finish inside the cap.
    cleanupSeconds: finished.length === cleanups.length && finished.length > 0 ? Math.max(...finished.map((c) => c.seconds)) : null,
    cleanups,
  }
}

async function timedDelete(api, org) {
  const controls = []
  for (let i = 0; i < CONTROLS; i++) controls.push((await api.call('GET', '/__bench/one-query')).ms)
  const res = await api.call('DELETE', `/api/v2/organizations/${org.id}`, { expect: [204] })
  const trips = res.headers.get('x-d1-round-trips')
  return { ms: res.ms, controlMs: median(controls), d1RoundTrips: trips === null ? null : Number(trips) }
}

/**
 * Polls the org's cleanup record until the queue marks it done. Seconds come from the record itself
 * (created by the DELETE, finished by the last cleanup job) when present, else from our own clock.
 */
async function waitCleanup(api, org, capSeconds) {
  const started = performance.now()
  let last = null
  while ((performance.now() - started) / 1000 < capSeconds) {
    last = (await api.get(`/__bench/cleanup/${org.id}`)).cleanup
    if (last?.state === 'done') {
      const observed = (performance.now() - started) / 1000
      const recorded = last.finished_at ? (Date.parse(last.finished_at) - Date.parse(last.created_at)) / 1000 : null
      const { rows } = await api.get(`/__bench/cleanup/${org.id}?rows`)
      const left = Object.values(rows).reduce((a, b) => a + b, 0)
      if (left > 0) throw new Error(`cleanup of ${org.name} says done but left rows: ${JSON.stringify(rows)}`)
      return { org: org.name, seconds: recorded ?? observed, observed, timedOut: false, state: 'done' }
    }
    await new Promise((r) => setTimeout(r, POLL_MS))
  }
  return { org: org.name, seconds: null, timedOut: true, state: last?.state ?? 'missing' }
}

/** Waits (up to `capSeconds`) until no invitation email is queued or being sent. */
export async function drainInvitationEmails(api, capSeconds, log) {
  const started = performance.now()
  let pending = 0
  while ((performance.now() - started) / 1000 < capSeconds) {
    pending = (await api.get('/__bench/pending-emails')).pending
    if (pending === 0) return { pending, seconds: (performance.now() - started) / 1000 }
    await new Promise((r) => setTimeout(r, 500))
  }
  log(`  ${pending} invitation emails still pending after ${capSeconds} s`)
  return { pending, seconds: capSeconds }
}
