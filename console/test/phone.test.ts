// At phone width every main page fits the screen: no sideways scrolling, tables read as cards.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createInvitingClient, createOrganization, createUser, must, unique } from './helpers/api'
import { expectClean, launch, openTab, signIn } from './helpers/browser'

let browser: Browser
beforeAll(async () => (browser = await launch()))
afterAll(() => browser?.close())

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)

test('sign-in, organizations, settings, members and invitations fit a 360 px wide screen', async () => {
  const org = await createOrganization(unique('phone'), { display_name: 'A display name long enough to wrap on a phone', metadata: { plan: 'enterprise' } })
  const user = await createUser(`${unique('a-rather-long-email-address')}@example.com`)
  await must('POST', `/organizations/${org.id}/members`, { members: [user.user_id] })
  const app = await createInvitingClient()
  await must('POST', `/organizations/${org.id}/invitations`, { inviter: { name: 'Ops' }, invitee: { email: user.email }, client_id: app.client_id }, 201)

  const tab = await openTab(browser, { width: 360, height: 740 })
  const { page } = tab
  await page.goto('/console/')
  expect(await overflow(page)).toBeLessThanOrEqual(0)
  await signIn(page)
  expect(await overflow(page)).toBeLessThanOrEqual(0)
  for (const [path, ready] of [
    [`#/organizations/${org.id}`, 'Preview of the login box'],
    [`#/organizations/${org.id}/members`, user.user_id],
    [`#/organizations/${org.id}/invitations`, 'Pending invitations'],
  ] as const) {
    await page.goto(`/console/${path}`)
    await page.getByText(ready).first().waitFor()
    expect({ path, overflow: await overflow(page) }).toEqual({ path, overflow: 0 })
  }
  // Table headers give way to labels inside each cell.
  expect(await page.locator('thead').first().isVisible()).toBe(false)
  expectClean(tab)
  await tab.context.close()
})
