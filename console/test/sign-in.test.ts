// Signing in and out, and what the console promises about its token and its page.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../headers'
import { expectClean, launch, openTab, signIn } from './helpers/browser'

let browser: Browser
beforeAll(async () => (browser = await launch()))
afterAll(() => browser?.close())

test('the console is served with its Content-Security-Policy, and /console redirects to /console/', async () => {
  const { baseUrl } = inject('console')
  const page = await fetch(`${baseUrl}/console/`)
  expect(page.status).toBe(200)
  expect(page.headers.get('content-type')).toMatch(/^text\/html/)
  expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
  expect(page.headers.get('x-frame-options')).toBe('DENY')
  expect(page.headers.get('x-content-type-options')).toBe('nosniff')
  const html = await page.text()
  // No inline script or style, and every script and stylesheet from this origin.
  expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/)
  expect(html).not.toMatch(/<style|\sstyle=/)
  for (const [, src] of html.matchAll(/(?:src|href)="([^"]+)"/g)) expect(src).toMatch(/^\/console\//)
  const script = /src="([^"]+\.js)"/.exec(html)![1]!
  expect((await fetch(`${baseUrl}${script}`)).headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
  const bare = await fetch(`${baseUrl}/console`, { redirect: 'manual' })
  expect(bare.status).toBe(307)
  expect(bare.headers.get('location')).toBe('/console/')
  // The API is not shadowed: a path the console does not have still gets the Worker's own 404.
  const missing = await fetch(`${baseUrl}/console/no-such-file`)
  expect(missing.status).toBe(404)
  expect(await missing.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'Not Found' })
})

test('wrong credentials: the server’s answer is shown on the form, and a second try with the right ones works', async () => {
  const tab = await openTab(browser)
  const { page } = tab
  await page.goto('/console/')
  await page.getByLabel('Client ID').fill(inject('console').clientId)
  await page.getByLabel('Client secret').fill('not-the-secret')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect.poll(() => page.getByRole('alert').textContent()).toBe('401 Unauthorized: Client authentication failed. (invalid_client)')
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in to the organizations console')
  await page.getByLabel('Client secret').fill(inject('console').clientSecret)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('heading', { name: 'Organizations', level: 1 }).waitFor()
  expect(await page.getByRole('alert').count()).toBe(0)
  expectClean(tab)
  await tab.context.close()
})

test('the server cannot be reached: a clear message, and the form stays usable', async () => {
  const tab = await openTab(browser)
  const { page } = tab
  await page.goto('/console/')
  await page.route('**/oauth/token', (route) => route.abort('connectionrefused'))
  await page.getByLabel('Client ID').fill(inject('console').clientId)
  await page.getByLabel('Client secret').fill(inject('console').clientSecret)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/^The server could not be reached/)
  await page.unroute('**/oauth/token')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('heading', { name: 'Organizations', level: 1 }).waitFor()
  await tab.context.close()
})

test('signs in with the keyboard alone; the token is kept nowhere but the tab’s memory', async () => {
  const tab = await openTab(browser)
  const { page } = tab
  await page.goto('/console/')
  await page.keyboard.press('Tab')
  expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('client_id')
  await page.keyboard.type(inject('console').clientId)
  await page.keyboard.press('Tab')
  await page.keyboard.type(inject('console').clientSecret)
  await page.keyboard.press('Enter')
  await page.getByRole('heading', { name: 'Organizations', level: 1 }).waitFor()

  const stored = await page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    cookie: document.cookie,
    databases: (await indexedDB.databases()).length,
    url: location.href,
  }))
  expect(stored).toEqual({ local: 0, session: 0, cookie: '', databases: 0, url: `${inject('console').baseUrl}/console/` })
  expect(await tab.context.cookies()).toEqual([])

  // A reload forgets the session; so does signing out.
  await page.reload()
  await page.getByRole('heading', { name: 'Sign in to the organizations console' }).waitFor()
  await signIn(page)
  await page.getByRole('button', { name: 'Sign out' }).click()
  await page.getByRole('heading', { name: 'Sign in to the organizations console' }).waitFor()
  expectClean(tab)
  await tab.context.close()
})

test('the header lists the token’s scopes', async () => {
  const tab = await openTab(browser)
  const { page } = tab
  await signIn(page)
  await page.getByText(/^\d+ scopes$/).click()
  await page.getByText(`Signed in as client ${inject('console').clientId}`).waitFor()
  expect(await page.getByRole('listitem').filter({ hasText: 'create:organizations' }).count()).toBe(1)
  await tab.context.close()
})
