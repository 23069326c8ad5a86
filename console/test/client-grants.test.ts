// Client grants associated with an organization: associate one from the tenant's grants, remove it.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createOrganization, must, unique } from './helpers/api'
import { expectClean, launch, openTab, signIn, status } from './helpers/browser'

let browser: Browser
beforeAll(async () => (browser = await launch()))
afterAll(() => browser?.close())

test('associates a client grant with the organization and removes it again', async () => {
  const org = await createOrganization()
  const client = await must('POST', '/clients', { name: unique('E2E m2m'), app_type: 'non_interactive', grant_types: ['client_credentials'] }, 201)
  const audience = `https://${unique('api').toLowerCase()}.example.com/`
  await must('POST', '/resource-servers', { identifier: audience, name: unique('E2E API'), scopes: [{ value: 'read:things' }] }, 201)
  const grant = await must(
    'POST',
    '/client-grants',
    { client_id: client.client_id, audience, scope: ['read:things'], organization_usage: 'allow', allow_any_organization: true },
    201,
  )
  const tab = await openTab(browser)
  const { page } = tab
  await signIn(page)
  await page.goto(`/console/#/organizations/${org.id}/client-grants`)
  await page.getByText('No client grants are associated with this organization.').waitFor()
  await page.getByLabel('Client grant', { exact: true }).selectOption(grant.id)
  await page.getByRole('button', { name: 'Associate' }).click()
  await expect.poll(() => status(page).textContent()).toBe(`Associated grant ${grant.id}.`)
  const row = page.getByRole('row').filter({ hasText: grant.id })
  await row.waitFor()
  expect(await row.textContent()).toContain('read:things')
  expect((await must('GET', `/organizations/${org.id}/client-grants`)).map((g: { id: string }) => g.id)).toEqual([grant.id])

  await row.getByRole('button', { name: `Remove grant ${grant.id}` }).click()
  await page.getByRole('dialog', { name: 'Remove this client grant?' }).getByRole('button', { name: 'Remove grant' }).click()
  await expect.poll(() => status(page).textContent()).toBe(`Removed grant ${grant.id}.`)
  expect(await must('GET', `/organizations/${org.id}/client-grants`)).toEqual([])
  expectClean(tab)
  await tab.context.close()
})
