// Runs the real auth0-deploy-cli (`a0deploy`) against a running local server and summarises
// every request it made:
//   node scripts/deploy-cli.mjs [baseUrl] [roundtrip]      export, import that export, export again, compare
//   node scripts/deploy-cli.mjs [baseUrl] export [DIR]      export (YAML) into DIR, default a new temp folder
//   node scripts/deploy-cli.mjs [baseUrl] import PATH       import PATH (a tenant.yaml, or a folder holding one)
// baseUrl defaults to http://127.0.0.1:8787. Options: --out DIR (roundtrip's export folder),
// --log FILE (every request as JSON lines), --types a,b (a subset of the served types: export stops
// at the first type that fails), --allow-delete (AUTH0_ALLOW_DELETE), --debug.
// Exit 1 when a0deploy fails; 2 when it succeeded but some request answered >= 400 (deploy-cli
// reads some 404s as "nothing there" and carries on) or the roundtrip's second export differs from
// the first (the import changed what it had just read); 0 otherwise.
//
// deploy-cli is installed on first use into .tools/deploy-cli (git-ignored), never into the
// project's package.json. It only calls https://<AUTH0_DOMAIN>/..., so the script puts a TLS
// proxy with a throwaway certificate in front of the server (scripts/deploy-cli/tls-proxy.mjs).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ROOT, readDevVars, tokenSettings } from './lib/dev-vars.mjs'
import { formatSummary } from './deploy-cli/summary.mjs'
import { makeCertificate, startTlsProxy } from './deploy-cli/tls-proxy.mjs'

const DEPLOY_CLI_VERSION = '8.44.0'
const TOOL_DIR = join(ROOT, '.tools', 'deploy-cli')
// deploy-cli's handler types for what this server serves; every other type (tenant, pages,
// emailTemplates, actions, clientAuthCredentials, ...) would only meet 404s.
const SERVED_TYPES = ['organizations', 'connections', 'databases', 'clients', 'clientGrants', 'roles', 'resourceServers']

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string' },
    log: { type: 'string' },
    types: { type: 'string' },
    'allow-delete': { type: 'boolean', default: false },
    debug: { type: 'boolean', default: false },
  },
})
const base = new URL(/^https?:\/\//.test(positionals[0] ?? '') ? positionals.shift() : 'http://127.0.0.1:8787')
const [command = 'roundtrip', target] = positionals
const types = opts.types?.split(',').map((t) => t.trim()) ?? SERVED_TYPES
const unknownTypes = types.filter((t) => !SERVED_TYPES.includes(t))
if (!['roundtrip', 'export', 'import'].includes(command) || (command === 'import' && !target) || unknownTypes.length) {
  if (unknownTypes.length) console.error(`not a served type: ${unknownTypes.join(', ')} (served: ${SERVED_TYPES.join(', ')})`)
  console.error('usage: node scripts/deploy-cli.mjs [baseUrl] [roundtrip | export [DIR] | import PATH] [--out DIR] [--log FILE] [--types a,b] [--allow-delete] [--debug]')
  process.exit(64)
}

try {
  await fetch(new URL('/.well-known/jwks.json', base))
} catch (err) {
  console.error(`server not reachable at ${base.origin} (${err.cause?.code ?? err.message}): start it with \`npm run dev\``)
  process.exit(1)
}
const vars = readDevVars()
const a0deploy = installDeployCli()

// The work folder holds the client secret (config.json) and the proxy key: never leave it behind.
const work = mkdtempSync(join(tmpdir(), 'edge-orgs-deploy-cli-'))
process.once('SIGINT', () => {
  rmSync(work, { recursive: true, force: true })
  process.exit(130)
})
const certificate = makeCertificate(work)
const proxy = await startTlsProxy({ target: base.origin, ...certificate })
const configFile = join(work, 'config.json')
writeFileSync(
  configFile,
  JSON.stringify({
    AUTH0_DOMAIN: `127.0.0.1:${proxy.port}`,
    AUTH0_CLIENT_ID: vars.BOOTSTRAP_CLIENT_ID,
    AUTH0_CLIENT_SECRET: vars.BOOTSTRAP_CLIENT_SECRET,
    // deploy-cli would ask for https://<AUTH0_DOMAIN>/api/v2/, the proxy's port; the server wants its own.
    AUTH0_AUDIENCE: tokenSettings(vars).audience,
    AUTH0_INCLUDED_ONLY: types,
    AUTH0_ALLOW_DELETE: opts['allow-delete'],
  }),
  { mode: 0o600 },
)

console.log(`deploy-cli ${DEPLOY_CLI_VERSION} against ${base.origin} (through https://127.0.0.1:${proxy.port}), types: ${types.join(', ')}`)
const steps = []
let failed = false
let drifted = false
try {
  if (command === 'import') {
    failed = !(await run('import', ['import', '-i', tenantFile(resolve(target))]))
  } else {
    const dir = resolve((command === 'export' ? target : opts.out) ?? mkdtempSync(join(tmpdir(), 'edge-orgs-export-')))
    failed = !(await run('export', ['export', '-f', 'yaml', '-o', dir]))
    if (!failed) console.log(`exported to ${dir}`)
    if (command === 'roundtrip' && !failed) {
      failed = !(await run('import', ['import', '-i', join(dir, 'tenant.yaml')]))
      if (!failed) failed = !(await run('export again', ['export', '-f', 'yaml', '-o', join(dir, 'after-import')]))
      if (!failed) drifted = !compareExports(join(dir, 'tenant.yaml'), join(dir, 'after-import', 'tenant.yaml'))
    }
  }
} finally {
  await proxy.close()
  rmSync(work, { recursive: true, force: true })
}

let requestFailures = 0
console.log('')
for (const step of steps) {
  const { lines, failures } = formatSummary(step.name, step.requests)
  requestFailures += failures
  console.log([...lines, ''].join('\n'))
}
if (opts.log) {
  const records = steps.flatMap((s) => s.requests.map((r) => JSON.stringify({ step: s.name, ...r })))
  writeFileSync(opts.log, records.join('\n') + '\n')
  console.log(`requests logged to ${opts.log}`)
}
if (failed) console.log('a0deploy FAILED (its own error is above)')
else if (requestFailures || drifted) {
  const problems = [requestFailures && `${requestFailures} request(s) failed`, drifted && 'the second export differs'].filter(Boolean)
  console.log(`a0deploy succeeded, but ${problems.join(' and ')}`)
}
process.exit(failed ? 1 : requestFailures || drifted ? 2 : 0)

/** Runs one a0deploy command with its output passed through; resolves true when it exits 0. */
function run(name, args) {
  const step = { name, requests: [], from: proxy.requests.length }
  steps.push(step)
  console.log(`\n== ${name}: a0deploy ${args.join(' ')}`)
  const extra = opts.debug ? ['--debug'] : []
  // --no-env: only the config file counts, so an AUTH0_* variable in the shell changes nothing.
  const child = spawn(process.execPath, [a0deploy, ...args, '-c', configFile, '--no-env', ...extra], {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: certificate.cert },
  })
  return new Promise((done) => {
    child.on('exit', (code) => {
      step.requests = proxy.requests.slice(step.from)
      done(code === 0)
    })
  })
}

/** The pinned deploy-cli's entry point, installed with npm into .tools/deploy-cli when missing. */
function installDeployCli() {
  const pkg = join(TOOL_DIR, 'node_modules', 'auth0-deploy-cli', 'package.json')
  const installed = existsSync(pkg) ? JSON.parse(readFileSync(pkg, 'utf8')).version : undefined
  if (installed !== DEPLOY_CLI_VERSION) {
    console.log(`installing auth0-deploy-cli@${DEPLOY_CLI_VERSION} into ${relative(process.cwd(), TOOL_DIR) || '.'}`)
    mkdirSync(TOOL_DIR, { recursive: true })
    const npm = spawnSync(
      'npm',
      ['install', '--prefix', TOOL_DIR, '--no-save', '--no-audit', '--no-fund', `auth0-deploy-cli@${DEPLOY_CLI_VERSION}`],
      { stdio: 'inherit', shell: process.platform === 'win32' },
    )
    if (npm.status !== 0) {
      console.error('npm install of auth0-deploy-cli failed')
      process.exit(1)
    }
  }
  return join(TOOL_DIR, 'node_modules', 'auth0-deploy-cli', 'lib', 'index.js')
}

/** A folder given to import means the tenant.yaml inside it, as export writes it. */
function tenantFile(path) {
  return statSync(path).isDirectory() && existsSync(join(path, 'tenant.yaml')) ? join(path, 'tenant.yaml') : path
}

/** After importing an export, exporting again should give the same file; true when it does. */
function compareExports(before, after) {
  if (readFileSync(before, 'utf8') === readFileSync(after, 'utf8')) {
    console.log('second export is identical to the first')
    return true
  }
  console.log('second export DIFFERS from the first:')
  const diff = spawnSync('diff', ['-u', before, after], { encoding: 'utf8' })
  console.log(diff.stdout || '(diff not available)')
  return false
}
