// Headless Chromium from the OS (Debian's `chromium` package), driven by playwright-core, which
// downloads nothing. Every page records what would break the console's promises: a request to any
// host but the Worker, a Content-Security-Policy violation, an uncaught error.
import { existsSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { expect, inject } from 'vitest'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`)
  }
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
}

export interface Tab {
  context: BrowserContext
  page: Page
  /** Problems seen so far; `expectClean` fails the test on any. */
  problems: string[]
}

/** A fresh browser context (no memory of any earlier sign-in) with one page. */
export async function openTab(browser: Browser, viewport = { width: 1100, height: 800 }): Promise<Tab> {
  const { baseUrl } = inject('console')
  const origin = new URL(baseUrl).origin
  const context = await browser.newContext({ viewport, baseURL: baseUrl })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('request', (r) => {
    const url = new URL(r.url())
    if (url.origin !== origin && !['blob:', 'data:'].includes(url.protocol)) problems.push(`request to another host: ${r.url()}`)
  })
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) problems.push(`CSP: ${m.text()}`)
  })
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  return { context, page, problems }
}

export function expectClean(tab: Tab): void {
  expect(tab.problems).toEqual([])
}

export async function signIn(page: Page, creds = inject('console')): Promise<void> {
  await page.goto('/console/')
  await page.getByLabel('Client ID').fill(creds.clientId)
  await page.getByLabel('Client secret').fill(creds.clientSecret)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect.poll(() => page.getByRole('heading', { name: 'Organizations', level: 1 }).isVisible()).toBe(true)
}

/** The page's status region (role=status), where completed changes are announced. */
export const status = (page: Page) => page.getByRole('status').filter({ hasNotText: /^$/ })
