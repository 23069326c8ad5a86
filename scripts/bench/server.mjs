// Starts the Worker for the benchmark the way `npm run dev` does (wrangler dev, same code), but on a
// free loopback port, with throwaway state and secrets in a temp dir, so the user's .dev.vars and
// .wrangler/state are never touched. stop() ends the whole process group and removes the temp dir.
import { spawn } from 'node:child_process'
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT, generateClientId, generateClientSecret, generateSigningKey, readWranglerToml } from '../lib/dev-vars.mjs'
import { nodeForWrangler, wranglerBin } from '../lib/wrangler.mjs'

const HOST = '127.0.0.1'
const READY_TIMEOUT_MS = 90_000
/** What wrangler reads to build and run the Worker (and, through [build], the console's static assets). */
const SNAPSHOT = ['src', 'console', 'migrations', 'wrangler.toml', 'package.json', 'tsconfig.json']

/** Environment for every wrangler child: no telemetry, no update check, no `Request.cf` download. */
const WRANGLER_ENV = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV: 'true',
  // wrangler dev's local trace collector (its dev dashboard) writes every request to a local SQLite
  // store in the same runtime: a dev tool, not part of the Worker or of production, so it is off.
  X_LOCAL_OBSERVABILITY: 'false',
  NO_COLOR: '1',
}

/**
 * Temp dir, secrets, migrations, then `wrangler dev`; resolves once GET /__bench/noop answers.
 * `log` takes progress lines (stderr). On failure everything started so far is stopped first.
 */
export async function startServer({ log }) {
  const dir = mkdtempSync(join(tmpdir(), 'edge-orgs-bench-'))
  const server = { dir, children: new Set(), logPath: join(dir, 'wrangler.log'), stopped: false }
  server.stop = () => stopServer(server)
  try {
    const persistTo = join(dir, 'state')
    const secrets = {
      SIGNING_KEY: generateSigningKey('bench'),
      BOOTSTRAP_CLIENT_ID: generateClientId(),
      BOOTSTRAP_CLIENT_SECRET: generateClientSecret(),
    }
    // With --env-file, wrangler reads this file instead of the project's .dev.vars.
    const envFile = join(dir, 'bench.env')
    writeFileSync(envFile, Object.entries(secrets).map(([k, v]) => `${k}='${v}'\n`).join(''), { mode: 0o600 })
    server.secrets = secrets

    server.app = snapshotProject(dir)
    const binding = readWranglerToml().d1[0]?.binding ?? 'DB'
    log(`applying migrations to ${persistTo}`)
    const migrate = await runToExit(server, ['d1', 'migrations', 'apply', binding, '--local', '--persist-to', persistTo])
    if (migrate !== 0) throw new Error(`wrangler d1 migrations apply exited with ${migrate}\n${tail(server.logPath)}`)

    const [port, inspectorPort] = [await freePort(), await freePort()]
    server.url = `http://${HOST}:${port}`
    server.inspectorUrl = `http://${HOST}:${inspectorPort}`
    server.persistTo = persistTo
    log(`starting wrangler dev on ${server.url}`)
    const dev = spawnWrangler(server, [
      'dev', '--ip', HOST, '--port', String(port), '--inspector-ip', HOST, '--inspector-port', String(inspectorPort),
      '--persist-to', persistTo, '--env-file', envFile, '--var', 'BENCH_MODE:true', '--var', 'LOG_REQUESTS:false',
      '--var', 'WEBHOOK_LOCAL_HTTP:true', // the event delivery run's receiver is on loopback
      '--show-interactive-dev-session=false', '--log-level', 'warn',
    ])
    server.dev = dev
    server.cpuMs = () => workerdCpuMs(dev.pid)
    await waitReady(server, dev)
    return server
  } catch (err) {
    await stopServer(server)
    throw err
  }
}

async function waitReady(server, dev) {
  const deadline = Date.now() + READY_TIMEOUT_MS
  let exited = null
  dev.once('exit', (code, signal) => (exited = signal ?? code))
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`wrangler dev exited (${exited}) before it was ready\n${tail(server.logPath)}`)
    try {
      const res = await fetch(`${server.url}/__bench/noop`, { signal: AbortSignal.timeout(2000) })
      if (res.ok) return
      if (res.status === 404) throw new Error('/__bench/noop answered 404: BENCH_MODE did not reach the Worker')
    } catch (err) {
      if (err instanceof Error && err.message.includes('BENCH_MODE')) throw err
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`wrangler dev not ready after ${READY_TIMEOUT_MS / 1000}s\n${tail(server.logPath)}`)
}

/**
 * wrangler dev rebuilds and restarts the Worker whenever a source file changes, failing requests in
 * flight. So it runs from a copy of what it bundles, taken now (node_modules linked, not copied):
 * the code measured is the working tree at the start, and edits made meanwhile cannot restart it.
 * Its build output (.wrangler/) then lands in the temp dir too, not in the project.
 */
function snapshotProject(dir) {
  const app = join(dir, 'app')
  mkdirSync(app)
  for (const entry of SNAPSHOT) {
    if (existsSync(join(ROOT, entry))) cpSync(join(ROOT, entry), join(app, entry), { recursive: true })
  }
  symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'), 'dir')
  return app
}

/**
 * Each wrangler runs detached, i.e. as the leader of its own process group (wrangler's node plus its
 * workerd children), so stop() can signal exactly the group it started and nothing else.
 * Its output goes to a log file in the temp dir, never to our stdout.
 */
function spawnWrangler(server, args) {
  const out = openSync(server.logPath, 'a')
  const child = spawn(nodeForWrangler(ROOT), [wranglerBin(ROOT), ...args], {
    cwd: server.app, env: WRANGLER_ENV, stdio: ['ignore', out, out], detached: true,
  })
  closeSync(out)
  server.children.add(child)
  child.once('exit', () => server.children.delete(child))
  return child
}

function runToExit(server, args) {
  const child = spawnWrangler(server, args)
  return new Promise((resolve) => {
    child.once('error', () => resolve(1))
    child.once('exit', (code, signal) => resolve(signal ? 1 : (code ?? 1)))
  })
}

/** SIGTERM to every group we started, SIGKILL to what is left after 5 s, then the temp dir goes. */
async function stopServer(server) {
  if (server.stopped) return
  server.stopped = true
  const alive = [...server.children].filter((c) => c.exitCode === null && c.signalCode === null)
  await Promise.all(alive.map((child) => killGroup(child)))
  // The node_modules link goes first, on its own: removing the temp dir must never reach the project's.
  if (server.app) rmSync(join(server.app, 'node_modules'), { force: true })
  rmSync(server.dir, { recursive: true, force: true })
}

function killGroup(child) {
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal)
    } catch {
      // The group is already gone.
    }
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signalGroup('SIGKILL')
      resolve()
    }, 5000)
    child.once('exit', () => {
      clearTimeout(timer)
      signalGroup('SIGKILL') // workerd children that outlived their parent
      resolve()
    })
    signalGroup('SIGTERM')
  })
}

/**
 * CPU time (user + system, ms) used so far by the workerd processes of wrangler's process group:
 * the cost of requests independent of how busy the rest of the machine is. Linux only (/proc);
 * undefined elsewhere.
 */
function workerdCpuMs(pgid) {
  if (!existsSync('/proc/self/stat')) return undefined
  const ticksPerMs = 100 / 1000 // USER_HZ is 100 on Linux
  let total = 0
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let stat
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    } catch {
      continue // exited meanwhile
    }
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    if (name !== 'workerd' || Number(fields[2]) !== pgid) continue
    total += (Number(fields[11]) + Number(fields[12])) / ticksPerMs
  }
  return total
}

/** A port the OS says is free on loopback right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, HOST, () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}

export function tail(path, lines = 30) {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no wrangler output)'
  }
}


