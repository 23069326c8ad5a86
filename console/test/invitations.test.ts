// Invitations beyond the main journey: what is sent by default, and a refusal from the API.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createInvitingClient, createOrganization, must, unique } from './helpers/api'
import { expectClean, launch, openTab, signIn, status } from './helpers/browser'

let browser: Browser
beforeAll(async () => (browser = await launch()))
afterAll(() => browser?.close())

test('defaults: a 7-day link, the email sent, no roles; the list shows who invited whom, when it expires and the email state', async () => {
  const org = await createOrganization()
  const app = await createInvitingClient()
  const tab = await openTab(browser)
  const { page } = tab
  await signIn(page)
  await page.goto(`/console/#/organizations/${org.id}/invitations`)
  const sent: unknown[] = []
  page.on('request', (r) => r.method() === 'POST' && r.url().endsWith('/invitations') && sent.push(r.postDataJSON()))
  const invitee = `${unique('dflt')}@example.com`
  await page.getByLabel('Invitee email').fill(invitee)
  await page.getByLabel('Inviter name').fill('Ops')
  await page.getByLabel('Application').selectOption({ label: app.name })
  await page.getByRole('button', { name: 'Send invitation' }).click()
  await expect.poll(() => status(page).textContent()).toBe(`Invited ${invitee}.`)
  expect(sent).toEqual([{ inviter: { name: 'Ops' }, invitee: { email: invitee }, client_id: app.client_id, ttl_sec: 604_800, send_invitation_email: true }])
  const row = page.getByRole('row').filter({ hasText: invitee })
  await row.waitFor()
  expect(await row.textContent()).toContain('Ops')
  expect(await row.getByText('expired').count()).toBe(0)
  // The email's state comes from this server's invitation-emails endpoint.
  await expect.poll(() => row.locator('td[data-label="Email"]').textContent()).toMatch(/^(queued|sending|sent)$/)
  expectClean(tab)
  await tab.context.close()
})

test('an application deleted after the form loaded: Auth0’s 400 on the form, nothing created', async () => {
  const org = await createOrganization()
  const app = await createInvitingClient()
  const tab = await openTab(browser)
  const { page } = tab
  await signIn(page)
  await page.goto(`/console/#/organizations/${org.id}/invitations`)
  await page.getByLabel('Application').selectOption({ label: app.name })
  await must('DELETE', `/clients/${app.client_id}`)
  await page.getByLabel('Invitee email').fill(`${unique('late')}@example.com`)
  await page.getByLabel('Inviter name').fill('Ops')
  await page.getByRole('button', { name: 'Send invitation' }).click()
  await expect.poll(() => page.getByRole('alert').textContent()).toBe('400 Bad Request: The specified client_id does not exist. (invalid_body)')
  expect(await must('GET', `/organizations/${org.id}/invitations`)).toEqual([])
  await tab.context.close()
})
