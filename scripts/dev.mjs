// `npm run dev [-- <wrangler dev args>]`: local secrets, local D1 migrations, then wrangler dev
// on 127.0.0.1:8787 with local D1, KV, Queues and email. No Cloudflare account needed.
import { spawn } from 'node:child_process'
import { constants } from 'node:os'
import { ROOT, ensureDevVars, readWranglerToml } from './lib/dev-vars.mjs'
import { nodeForWrangler, wranglerBin } from './lib/wrangler.mjs'

const DEFAULTS = { '--ip': '127.0.0.1', '--port': '8787' }

// Local only (wrangler.toml holds the production values): event stream webhooks may be local
// receivers (http://127.0.0.1:…), and a failing delivery is retried within seconds, 3 times in all.
const DEV_VARS = ['WEBHOOK_LOCAL_HTTP:true', 'EVENT_RETRY_SECONDS:1', 'EVENT_DELIVERY_ATTEMPTS:3']

const args = process.argv.slice(2)
const given = (flag) => args.some((a) => a === flag || a.startsWith(`${flag}=`))
const valueOf = (flag) => {
  const i = args.findIndex((a) => a === flag || a.startsWith(`${flag}=`))
  if (i < 0) return undefined
  return args[i].includes('=') ? args[i].slice(flag.length + 1) : args[i + 1]
}

ensureDevVars()

const database = readWranglerToml().d1[0]
if (database) {
  // Migrations must land where wrangler dev will look for the database.
  const persistTo = valueOf('--persist-to')
  const migrate = ['d1', 'migrations', 'apply', database.binding ?? database.database_name, '--local']
  if (persistTo) migrate.push('--persist-to', persistTo)
  // stdin is not a TTY, so wrangler skips its confirmation prompt ("Using fallback value in
  // non-interactive context: yes") instead of waiting for an answer.
  const result = await wrangler(migrate, ['ignore', 'inherit', 'inherit'])
  if (result.signal || result.code !== 0) exit(result)
}

const defaults = Object.entries(DEFAULTS).flatMap(([flag, value]) => (given(flag) ? [] : [flag, value]))
exit(await wrangler(['dev', ...defaults, ...DEV_VARS.flatMap((v) => ['--var', v]), ...args], 'inherit'))

/** Runs the project's own wrangler with a Node it supports, forwarding signals; resolves on exit. */
function wrangler(wranglerArgs, stdio) {
  const child = spawn(nodeForWrangler(ROOT), [wranglerBin(ROOT), ...wranglerArgs], { cwd: ROOT, stdio, env: process.env })
  const forward = (signal) => child.kill(signal)
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP']
  for (const s of signals) process.on(s, forward)
  return new Promise((resolve) => {
    child.on('error', (err) => {
      console.error(`could not start wrangler: ${err.message}`)
      resolve({ code: 1, signal: null })
    })
    child.on('exit', (code, signal) => {
      for (const s of signals) process.off(s, forward)
      resolve({ code, signal })
    })
  })
}

function exit({ code, signal }) {
  process.exit(signal ? 128 + (constants.signals[signal] ?? 1) : (code ?? 1))
}


