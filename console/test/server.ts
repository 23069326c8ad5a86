// vitest globalSetup for the console suite, in Node: runs the Worker with `wrangler dev`, as `npm run dev`
// does (the [build] step included, so the console is built the way a developer gets it), on free
// loopback ports, from a copy of the project with throwaway state and secrets in a temp dir. Your
// .dev.vars, .wrangler/state and dist/ are never touched, and edits made during the run cannot restart it.
import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { ROOT, generateClientId, generateClientSecret, generateSigningKey } from '../../scripts/lib/dev-vars.mjs'
import { nodeForWrangler, wranglerBin } from '../../scripts/lib/wrangler.mjs'

const HOST = '127.0.0.1'
const READY_TIMEOUT_MS = 120_000
/** What wrangler reads to build and run the Worker and the console. */
const SNAPSHOT = ['src', 'console', 'migrations', 'wrangler.toml', 'package.json', 'tsconfig.json']

const WRANGLER_ENV = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  // No `Request.cf` download (there is no network to fetch it from) and no local trace collector.
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  X_LOCAL_OBSERVABILITY: 'false',
  NO_COLOR: '1',
}

interface Server {
  dir: string
  app: string
  log: string
  children: Set<ChildProcess>
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'edge-orgs-console-'))
  const server: Server = { dir, app: join(dir, 'app'), log: join(dir, 'wrangler.log'), children: new Set() }
  try {
    const secrets = {
      SIGNING_KEY: generateSigningKey('e2e'),
      BOOTSTRAP_CLIENT_ID: generateClientId(),
      BOOTSTRAP_CLIENT_SECRET: generateClientSecret(),
    }
    // With --env-file, wrangler reads this file instead of the project's .dev.vars.
    const envFile = join(dir, 'e2e.env')
    writeFileSync(envFile, Object.entries(secrets).map(([k, v]) => `${k}='${v}'\n`).join(''), { mode: 0o600 })
    snapshot(server)
    const persistTo = join(dir, 'state')
    const migrated = await exitCode(spawnWrangler(server, ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo]))
    if (migrated !== 0) throw new Error(`wrangler d1 migrations apply exited with ${migrated}\n${tail(server.log)}`)

    const [port, inspectorPort] = [await freePort(), await freePort()]
    const baseUrl = `http://${HOST}:${port}`
    const dev = spawnWrangler(server, [
      'dev', '--ip', HOST, '--port', String(port), '--inspector-ip', HOST, '--inspector-port', String(inspectorPort),
      '--persist-to', persistTo, '--env-file', envFile, '--var', 'LOG_REQUESTS:false',
      '--show-interactive-dev-session=false', '--log-level', 'warn',
    ])
    await waitReady(server, dev, baseUrl)
    project.provide('console', { baseUrl, clientId: secrets.BOOTSTRAP_CLIENT_ID, clientSecret: secrets.BOOTSTRAP_CLIENT_SECRET })
  } catch (err) {
    await stop(server)
    throw err
  }
  return () => stop(server)
}

/** The console page answering means both the build and the Worker are up. */
async function waitReady(server: Server, dev: ChildProcess, baseUrl: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  let exited: string | number | null = null
  dev.once('exit', (code, signal) => (exited = signal ?? code))
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`wrangler dev exited (${exited}) before it was ready\n${tail(server.log)}`)
    try {
      const res = await fetch(`${baseUrl}/console/`, { signal: AbortSignal.timeout(2000) })
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`wrangler dev not ready after ${READY_TIMEOUT_MS / 1000}s\n${tail(server.log)}`)
}

/** Copies what wrangler builds from (node_modules linked, not copied), so its output lands in the temp dir. */
function snapshot(server: Server): void {
  mkdirSync(server.app)
  for (const entry of SNAPSHOT) {
    if (existsSync(join(ROOT, entry))) cpSync(join(ROOT, entry), join(server.app, entry), { recursive: true, filter: (src) => !src.includes('node_modules') })
  }
  symlinkSync(join(ROOT, 'node_modules'), join(server.app, 'node_modules'), 'dir')
}

/** Each wrangler leads its own process group (its node and workerd children), so stop() ends exactly what it started. */
function spawnWrangler(server: Server, args: string[]): ChildProcess {
  const out = openSync(server.log, 'a')
  const child = spawn(nodeForWrangler(ROOT), [wranglerBin(ROOT), ...args], { cwd: server.app, env: WRANGLER_ENV, stdio: ['ignore', out, out], detached: true })
  closeSync(out)
  server.children.add(child)
  child.once('exit', () => server.children.delete(child))
  return child
}

function exitCode(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('error', () => resolve(1))
    child.once('exit', (code, signal) => resolve(signal ? 1 : (code ?? 1)))
  })
}

/** SIGTERM to each group we started, SIGKILL to what is left after 5 s, then the temp dir goes. */
async function stop(server: Server): Promise<void> {
  await Promise.all([...server.children].filter((c) => c.exitCode === null && c.signalCode === null).map(killGroup))
  // The node_modules link goes first, on its own: removing the temp dir must never reach the project's.
  rmSync(join(server.app, 'node_modules'), { force: true })
  rmSync(server.dir, { recursive: true, force: true })
}

function killGroup(child: ChildProcess): Promise<void> {
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s)
    } catch {
      // already gone
    }
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => (signal('SIGKILL'), resolve()), 5000)
    child.once('exit', () => (clearTimeout(timer), signal('SIGKILL'), resolve()))
    signal('SIGTERM')
  })
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, HOST, () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

function tail(path: string, lines = 40): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no wrangler output)'
  }
}
