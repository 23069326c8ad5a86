// Screenshots of the console's main pages for the README (docs/console/*.png), taken with Debian's
// Chromium through playwright-core against a running `npm run dev` server, signed in as the bootstrap
// client from .dev.vars. It seeds a small demo organization first (reusing it on later runs).
//
//   node scripts/console-screenshots.mjs [http://127.0.0.1:8787]
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { ROOT, readDevVars } from './lib/dev-vars.mjs'

const base = (process.argv[2] ?? 'http://127.0.0.1:8787').replace(/\/$/, '')
const out = join(ROOT, 'docs', 'console')
const vars = readDevVars()

const token = await (async () => {
  const res = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: vars.BOOTSTRAP_CLIENT_ID, client_secret: vars.BOOTSTRAP_CLIENT_SECRET }),
  })
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`)
  return (await res.json()).access_token
})()

async function api(method, path, body) {
  const res = await fetch(`${base}/api/v2${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body && { 'content-type': 'application/json' }) },
    body: body && JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : undefined }
}

/** The demo tenant: found by name when it is already there. */
async function seed() {
  let org = (await api('GET', '/organizations/name/acme-robotics')).body
  if (!org?.id) {
    org = (await api('POST', '/organizations', {
      name: 'acme-robotics',
      display_name: 'Acme Robotics',
      branding: { colors: { primary: '#0f766e', page_background: '#ecfdf5' } },
      metadata: { plan: 'enterprise', region: 'eu-west' },
    })).body
    const connection = (await api('POST', '/connections', { name: 'acme-staff', strategy: 'auth0' })).body
    const roles = await Promise.all(['admin', 'billing', 'viewer'].map(async (name) => (await api('POST', '/roles', { name: `acme-${name}`, description: `Acme ${name}` })).body))
    const people = ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Katherine Johnson', 'Edsger Dijkstra']
    const users = await Promise.all(
      people.map(async (name) => (await api('POST', '/users', { connection: 'acme-staff', email: `${name.split(' ')[0].toLowerCase()}@acme.example`, name, password: 'Demo-pass-123!' })).body),
    )
    await api('POST', `/organizations/${org.id}/members`, { members: users.map((u) => u.user_id) })
    await api('POST', `/organizations/${org.id}/members/${encodeURIComponent(users[0].user_id)}/roles`, { roles: [roles[0].id, roles[1].id] })
    await api('POST', `/organizations/${org.id}/members/${encodeURIComponent(users[1].user_id)}/roles`, { roles: [roles[2].id] })
    await api('POST', `/organizations/${org.id}/connections`, { connection_id: connection.id, assign_membership_on_login: true, organization_access_level: 'readonly' })
    await api('POST', `/organizations/${org.id}/discovery-domains`, { domain: 'acme.example', status: 'verified' })
    const app = (await api('POST', '/clients', { name: 'Acme Portal', organization_usage: 'allow', initiate_login_uri: 'https://portal.acme.example/login' })).body
    for (const email of ['lin@partner.example', 'sam@partner.example']) {
      await api('POST', `/organizations/${org.id}/invitations`, { inviter: { name: 'Ada Lovelace' }, invitee: { email }, client_id: app.client_id, roles: [roles[2].id], send_invitation_email: false })
    }
    for (const name of ['globex', 'initech', 'umbrella-labs', 'stark-industries']) await api('POST', '/organizations', { name, display_name: name.replace(/(^|-)\w/g, (s) => s.replace('-', ' ').toUpperCase()) })
  }
  return org
}

const org = await seed()
mkdirSync(out, { recursive: true })
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] })
async function shoot(viewport, steps) {
  const page = await browser.newPage({ viewport, deviceScaleFactor: 1 })
  await page.goto(`${base}/console/`)
  for (const [name, step] of steps) {
    await step(page)
    await page.waitForTimeout(400)
    await page.screenshot({ path: join(out, `${name}.png`) })
    console.log(`docs/console/${name}.png`)
  }
  await page.close()
}
const signIn = async (page) => {
  await page.getByLabel('Client ID').fill(vars.BOOTSTRAP_CLIENT_ID)
  await page.getByLabel('Client secret').fill(vars.BOOTSTRAP_CLIENT_SECRET)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('heading', { name: 'Organizations', level: 1 }).waitFor()
}
const open = (hash, ready, scrollTo) => async (page) => {
  await page.goto(`${base}/console/${hash}`)
  await page.getByText(ready).first().waitFor()
  if (scrollTo) await page.getByText(scrollTo).first().evaluate((el) => el.scrollIntoView({ block: 'start' }))
}
await shoot({ width: 1000, height: 720 }, [
  ['sign-in', async (page) => page.getByLabel('Client secret').fill('not-shown')],
  ['organizations', signIn],
  ['settings', open(`#/organizations/${org.id}`, 'Preview of the login box', 'Access')],
  ['members', open(`#/organizations/${org.id}/members`, 'ada@acme.example')],
  ['invitations', open(`#/organizations/${org.id}/invitations`, 'lin@partner.example', 'Roles given on joining')],
])
await shoot({ width: 390, height: 760 }, [
  ['phone-sign-in', async () => {}],
  ['phone-members', async (page) => (await signIn(page), await open(`#/organizations/${org.id}/members`, 'ada@acme.example')(page))],
])
await browser.close()
