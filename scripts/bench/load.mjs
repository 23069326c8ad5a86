// Measuring one endpoint: a probe request (status, the Worker's D1 round trips and the rows D1 read and wrote), then
// fixed-duration autocannon runs with a fixed number of connections, each between two runs of the
// one-query floor, pooled over the rounds.
import autocannon from 'autocannon'

/**
 * `endpoint`: { name, request, fixed? } where request() returns { method, path, body? }. It is called
 * for every request, so endpoints that need fresh names or ids vary them there; a `fixed` endpoint
 * sends the same request throughout (no per-request rebuild in the load generator).
 */
export async function probe(endpoint, { baseUrl, headers }) {
  const req = endpoint.request()
  const res = await fetch(baseUrl + req.path, { method: req.method, headers: withBody(headers, req), body: req.body })
  const text = await res.text()
  const header = (name) => (res.headers.get(name) === null ? null : Number(res.headers.get(name)))
  return {
    status: res.status,
    ok: res.ok,
    body: text.slice(0, 300),
    d1RoundTrips: header('x-d1-round-trips'),
    rowsRead: header('x-d1-rows-read'),
    rowsWritten: header('x-d1-rows-written'),
    // The rows the answer is made of, for endpoints whose target is stated against them (see endpoints.mjs).
    rowsReturned: res.ok && endpoint.rowsReturned ? endpoint.rowsReturned(JSON.parse(text)) : null,
  }
}

/** One fixed-duration run (after an unmeasured warm-up, if any), with the server's CPU time when known. */
export async function loadRun(endpoint, { baseUrl, headers, connections, duration, warmup = 0, cpuMs }) {
  if (warmup > 0) await run(endpoint, { baseUrl, headers, connections, duration: warmup })
  await settle(cpuMs)
  const cpuBefore = cpuMs?.()
  const result = await run(endpoint, { baseUrl, headers, connections, duration })
  const cpuAfter = cpuMs?.()
  return { ...result, serverCpuMs: cpuBefore === undefined || cpuAfter === undefined ? null : cpuAfter - cpuBefore }
}

const SETTLE_WINDOW_MS = 200
const SETTLE_IDLE_MS = 10 // workerd CPU per window below which it counts as idle (/proc ticks are 10 ms)
const SETTLE_CAP_MS = 10_000

/**
 * Waits until workerd is idle before a measured run: work a previous run left behind (waitUntil
 * writes such as a KV fill, queue consumers, storage flushes) must not be billed to the next one.
 */
async function settle(cpuMs) {
  if (!cpuMs || cpuMs() === undefined) return
  const deadline = Date.now() + SETTLE_CAP_MS
  let before = cpuMs()
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, SETTLE_WINDOW_MS))
    const now = cpuMs()
    if (now - before < SETTLE_IDLE_MS) return
    before = now
  }
}

/** The floor a run is compared with: the mean of the floor runs on either side of it (or the one before). */
export const floorRps = (run) => (run.floorAfter ? (run.floor.rps + run.floorAfter.rps) / 2 : run.floor.rps)
const floorP50 = (run) => (run.floorAfter ? (run.floor.p50 + run.floorAfter.p50) / 2 : run.floor.p50)

/**
 * Pools an endpoint's rounds: requests/s over all measured seconds, p50/p99 over all latencies,
 * failures and server CPU summed. When each run carries the floor runs made around it (`run.floor`,
 * `run.floorAfter`), also the median over rounds of rps / floor rps and of p50 / floor p50: other
 * work on the machine slows the runs of a pair alike, so these ratios hold where raw figures wander.
 */
export function pool(runs) {
  const sum = (key) => runs.reduce((total, r) => total + (r[key] ?? 0), 0)
  const latencies = Float64Array.from(runs.flatMap((r) => [...r.latencies])).sort()
  const statuses = {}
  for (const r of runs) for (const [code, n] of Object.entries(r.statuses)) statuses[code] = (statuses[code] ?? 0) + n
  const paired = runs.every((r) => r.floor)
  return {
    requests: sum('requests'),
    ok: sum('ok'),
    rps: sum('ok') / sum('seconds'),
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    non2xx: sum('non2xx'),
    errors: sum('errors'),
    timeouts: sum('timeouts'),
    statuses,
    roundsRps: runs.map((r) => r.rps),
    cpuMsPerRequest: runs.every((r) => r.serverCpuMs !== null) && sum('requests') > 0 ? sum('serverCpuMs') / sum('requests') : null,
    rpsOverFloor: paired ? median(runs.map((r) => r.rps / floorRps(r))) : null,
    p50OverFloor: paired ? median(runs.map((r) => r.p50 / floorP50(r))) : null,
  }
}

const withBody = (headers, req) => (req.body === undefined ? headers : { ...headers, 'content-type': req.contentType ?? 'application/json' })

function run(endpoint, { baseUrl, headers, connections, duration }) {
  const first = endpoint.request()
  const options = {
    // autocannon takes the path from `url`; per-request paths come from setupRequest below.
    url: baseUrl + first.path,
    connections,
    duration,
    headers: withBody(headers, first),
    method: first.method,
    body: first.body,
  }
  if (!endpoint.fixed) {
    options.requests = [
      {
        setupRequest: (req) => {
          const next = endpoint.request()
          return { ...req, method: next.method, path: next.path, body: next.body }
        },
      },
    ]
  }
  return new Promise((resolve, reject) => {
    // Latencies in float ms from every response (autocannon's own histogram keeps whole ms only).
    const latencies = []
    const statuses = {}
    const instance = autocannon(options, (err, result) => {
      if (err) return reject(err)
      resolve(summarize(result, latencies, statuses))
    })
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1
      if (statusCode >= 200 && statusCode <= 299) latencies.push(responseTime)
    })
  })
}

function summarize(result, latencies, statuses) {
  const sorted = Float64Array.from(latencies).sort()
  return {
    requests: result.requests.total,
    ok: sorted.length,
    // Only successful responses count towards throughput: failures are reported, never credited.
    rps: sorted.length / result.duration,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    latencies: sorted,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statuses,
    seconds: result.duration,
  }
}

function percentile(sorted, q) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : null
}

export function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b)
  if (sorted.length === 0) return null
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
