// `npm run -s profile [-- --members 100000 --seconds 5 --rounds 3]`: where a member page's time goes,
// with and without roles, under load. Starts and seeds the Worker as the bench does (bench/server.mjs,
// bench/seed.mjs), then in each round, for each page: an unprofiled run for workerd's CPU per request
// (the whole process: the Worker, miniflare's D1 with its SQLite, the runtime), and a run under the V8
// CPU profiler of the Worker's isolate, reached through the inspector `wrangler dev` exposes
// (--inspector-port; Chrome DevTools Protocol over its WebSocket: Profiler.start/stop). Prints the
// isolate's self time per function, per request. D1's SQLite runs in another isolate of the same
// process: it shows in the CPU per request, not in the profile.
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { median } from './bench/load.mjs'
import { apiClient, signToken } from './bench/api.mjs'
import { seedScaleData } from './bench/seed.mjs'
import { startServer } from './bench/server.mjs'

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '100000' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    top: { type: 'string', default: '15' },
    rounds: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
  },
})
const log = (line) => process.stderr.write(`[profile] ${line}\n`)
const settings = {
  orgs: 2000, members: Number(values.members), bigOrgs: 1, smallOrgs: 1, smallMembers: 10, invitations: 0, chunk: 20000,
}

let server
try {
  server = await startServer({ log })
  const api = apiClient(server.url, await signToken(server.secrets))
  const { big } = await seedScaleData(api, settings, log)
  const members = `/api/v2/organizations/${big[0].id}/members?include_totals=true&take=50`
  const endpoints = [
    ['members page', members],
    ['members page, fields incl. roles', `${members}&fields=user_id,email,picture,name,roles`],
    ['members page, fields without roles', `${members}&fields=user_id,email,picture,name`],
  ]
  const cdp = await connect(server.inspectorUrl)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 })
  const seconds = Number(values.seconds)
  const runs = endpoints.map(() => ({ cpuUs: [], rps: [], p50: [], profiles: [] }))
  for (const [, path] of endpoints) await load(server.url, path, api.token, 2)
  // Rounds alternate the endpoints, so the machine's other work falls on all of them alike; medians of
  // the unprofiled CPU, profiles pooled over the rounds.
  for (let round = 1; round <= Number(values.rounds); round++) {
    for (const [i, [name, path]] of endpoints.entries()) {
      // Unprofiled: workerd's CPU per request (this isolate, D1's SQLite and the runtime around them).
      const cpuBefore = server.cpuMs()
      const plain = await load(server.url, path, api.token, seconds)
      runs[i].cpuUs.push(((server.cpuMs() - cpuBefore) / plain.requests.total) * 1000)
      runs[i].rps.push(plain.requests.average)
      runs[i].p50.push(plain.latency.p50)
      await cdp.send('Profiler.start')
      const profiled = await load(server.url, path, api.token, seconds)
      runs[i].profiles.push({ profile: (await cdp.send('Profiler.stop')).profile, requests: profiled.requests.total })
      log(`round ${round}, ${name}: ${Math.round(runs[i].cpuUs.at(-1))} µs of workerd CPU per request, ${Math.round(plain.requests.average)} req/s`)
    }
  }
  const results = []
  for (const [i, [name, path]] of endpoints.entries()) {
    const bytes = JSON.stringify((await api.call('GET', path)).body).length
    results.push({ name, path, bytes, rps: Math.round(median(runs[i].rps)), p50Ms: median(runs[i].p50), workerdUs: Math.round(median(runs[i].cpuUs)), ...summarize(runs[i].profiles) })
  }
  cdp.close()
  if (values.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`)
  else process.stdout.write(format(results, Number(values.top)))
} catch (err) {
  log(`failed: ${err instanceof Error ? err.stack : err}`)
  process.exitCode = 1
} finally {
  await server?.stop()
}

/** The Worker's CDP target (wrangler's inspector proxy lists it at /json), as `send(method, params)`. */
async function connect(inspectorUrl) {
  const targets = await (await fetch(`${inspectorUrl}/json`)).json()
  const target = targets.find((t) => t.webSocketDebuggerUrl)
  if (!target) throw new Error(`no inspectable target at ${inspectorUrl}/json: ${JSON.stringify(targets)}`)
  // wrangler's inspector proxy refuses a connection without an Origin it knows (undici's WebSocket takes headers).
  const ws = new WebSocket(target.webSocketDebuggerUrl, { headers: { origin: 'http://localhost' } })
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve, { once: true })
    ws.addEventListener('error', (e) => reject(new Error(`inspector WebSocket ${target.webSocketDebuggerUrl}: ${e.message ?? e.error}`)), { once: true })
  })
  let nextId = 1
  const pending = new Map()
  ws.addEventListener('message', (event) => {
    const msg = JSON.parse(event.data)
    const waiter = msg.id !== undefined && pending.get(msg.id)
    if (!waiter) return
    pending.delete(msg.id)
    if (msg.error) waiter.reject(new Error(`${waiter.method}: ${msg.error.message}`))
    else waiter.resolve(msg.result)
  })
  return {
    send: (method, params = {}) =>
      new Promise((resolve, reject) => {
        const id = nextId++
        pending.set(id, { resolve, reject, method })
        ws.send(JSON.stringify({ id, method, params }))
      }),
    close: () => ws.close(),
  }
}

function load(baseUrl, path, token, duration) {
  return new Promise((resolve, reject) =>
    autocannon(
      { url: baseUrl + path, connections: Number(values.connections), duration, headers: { authorization: `Bearer ${token}` } },
      (err, result) => (err ? reject(err) : resolve(result)),
    ),
  )
}

/** Self time per function (µs per request), from the samples and their time deltas, pooled over the runs. */
function summarize(runs) {
  const self = new Map()
  let total = 0
  let requests = 0
  for (const { profile, requests: n } of runs) {
    const byId = new Map(profile.nodes.map((node) => [node.id, node]))
    profile.samples.forEach((id, i) => {
      const frame = byId.get(id).callFrame
      const where = frame.url ? ` ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}` : ''
      const key = `${frame.functionName || '(anonymous)'}${where}`
      self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0))
    })
    total += profile.endTime - profile.startTime
    requests += n
  }
  const idle = self.get('(idle)') ?? 0
  const perRequest = (us) => Math.round((us / requests) * 10) / 10
  const functions = [...self.entries()]
    .filter(([key]) => key !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .map(([fn, us]) => ({ fn, usPerRequest: perRequest(us) }))
  // Where the time goes, by origin: D1's binding (cloudflare-internal:d1-api: it sends the query and
  // parses D1's answer), the Worker's own bundle, other runtime code, and V8's own bookkeeping.
  const origins = {}
  for (const [key, us] of self) {
    if (key === '(idle)') continue
    const origin = key.includes('d1-api') ? 'D1 binding' : key.includes('index.js') ? 'Worker bundle' : /^\((program|garbage collector)\)$/.test(key) ? 'V8' : 'runtime'
    origins[origin] = (origins[origin] ?? 0) + us
  }
  for (const origin of Object.keys(origins)) origins[origin] = perRequest(origins[origin])
  return { requests, busyUsPerRequest: perRequest(total - idle), origins, functions }
}

function format(results, top) {
  const lines = []
  for (const r of results) {
    lines.push(`\n## ${r.name}: ${r.workerdUs} µs of workerd CPU per request (medians of the rounds unprofiled: ${r.rps} req/s, p50 ${r.p50Ms} ms), ${r.busyUsPerRequest} µs of it in the Worker's isolate (profiled, ${r.requests} requests); ${r.bytes} bytes per answer`)
    lines.push(`By origin (µs/request): ${Object.entries(r.origins).map(([k, v]) => `${k} ${v}`).join(', ')}\n`)
    lines.push('| function (self time) | µs/request |')
    lines.push('|---|--:|')
    for (const f of r.functions.slice(0, top)) lines.push(`| ${f.fn.replace(/\|/g, '\\|')} | ${f.usPerRequest} |`)
  }
  return `${lines.join('\n')}\n`
}
