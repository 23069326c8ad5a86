// Discovery domains: add one, verify it, stop using it for discovery, remove it.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createOrganization, must, unique } from './helpers/api'
import { expectClean, launch, openTab, signIn, status } from './helpers/browser'

let browser: Browser
beforeAll(async () => (browser = await launch()))
afterAll(() => browser?.close())

test('adds a domain, shows its DNS record, changes its status and use, and removes it', async () => {
  const org = await createOrganization()
  const domain = `${unique('acme')}.example.com`
  const tab = await openTab(browser)
  const { page } = tab
  await signIn(page)
  await page.goto(`/console/#/organizations/${org.id}/discovery-domains`)
  await page.getByText('No discovery domains.').waitFor()
  await page.getByLabel('Domain', { exact: true }).fill(domain)
  await page.getByRole('button', { name: 'Add domain' }).click()
  await expect.poll(() => status(page).textContent()).toBe(`Added ${domain}.`)
  const [stored] = (await must('GET', `/organizations/${org.id}/discovery-domains`)).domains
  expect(stored).toMatchObject({ domain, status: 'pending', use_for_organization_discovery: true })
  const row = page.getByRole('row').filter({ hasText: domain })
  await row.waitFor()
  expect(await row.textContent()).toContain(`${stored.verification_host} = ${stored.verification_txt}`)

  await row.getByRole('button', { name: 'Mark verified' }).click()
  await expect.poll(() => status(page).textContent()).toBe(`${domain} marked verified.`)
  await row.getByRole('button', { name: 'Stop using for discovery' }).click()
  await expect.poll(() => status(page).textContent()).toBe(`${domain} no longer used for discovery.`)
  expect(await must('GET', `/organizations/${org.id}/discovery-domains/${stored.id}`)).toMatchObject({ status: 'verified', use_for_organization_discovery: false })

  // The same domain twice in one organization is Auth0's 409, shown on the form.
  await page.getByLabel('Domain', { exact: true }).fill(domain)
  await page.getByRole('button', { name: 'Add domain' }).click()
  await expect.poll(() => page.getByRole('form', { name: 'Add a discovery domain' }).getByRole('alert').textContent()).toMatch(/^409 Conflict: /)

  await row.getByRole('button', { name: `Remove ${domain}` }).click()
  await page.getByRole('dialog', { name: `Remove ${domain}?` }).getByRole('button', { name: 'Remove domain' }).click()
  await expect.poll(() => status(page).textContent()).toBe(`Removed ${domain}.`)
  expect((await must('GET', `/organizations/${org.id}/discovery-domains`)).domains).toEqual([])
  expectClean(tab)
  await tab.context.close()
})
