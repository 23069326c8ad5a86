// An organization's connections through the 2026 API: add with settings, change them, remove.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createOrganization, must, unique } from './helpers/api'
import { expectClean, launch, openTab, signIn, status } from './helpers/browser'

let browser: Browser
beforeAll(async () => (browser = await launch()))
afterAll(() => browser?.close())

test('adds a connection with its settings, edits them, and removes it', async () => {
  const org = await createOrganization()
  const connection = await must('POST', '/connections', { name: unique('e2e-conn'), strategy: 'auth0' }, 201)
  const tab = await openTab(browser)
  const { page } = tab
  await signIn(page)
  await page.goto(`/console/#/organizations/${org.id}/connections`)
  await page.getByText('No connections yet').waitFor()
  await page.getByText('Add a connection').click()
  await page.getByLabel('Connection', { exact: true }).selectOption(connection.id)
  await page.getByLabel('Name in this organization').fill('Staff login')
  await page.getByLabel('Organization access level').selectOption('readonly')
  await page.getByLabel(/Make users members when they log in/).check()
  await page.getByLabel(/Allow sign-up/).check()
  await page.getByRole('button', { name: 'Add connection' }).click()
  await expect.poll(() => status(page).textContent()).toBe(`Added connection ${connection.name}.`)
  const item = () => must('GET', `/organizations/${org.id}/connections/${connection.id}`)
  expect(await item()).toMatchObject({
    connection_id: connection.id,
    organization_connection_name: 'Staff login',
    organization_access_level: 'readonly',
    assign_membership_on_login: true,
    is_signup_enabled: true,
    show_as_button: true,
    is_enabled: true,
  })
  const row = page.getByRole('row').filter({ hasText: connection.name })
  await row.waitFor()
  expect(await row.textContent()).toContain('as Staff login')

  await row.getByRole('button', { name: `Settings of ${connection.name}` }).click()
  const dialog = page.getByRole('dialog', { name: `Settings of ${connection.name}` })
  await dialog.getByLabel('Name in this organization').fill('')
  await dialog.getByLabel(/Enabled for the organization/).uncheck()
  await dialog.getByRole('button', { name: 'Save' }).click()
  await expect.poll(() => status(page).textContent()).toBe(`Saved settings of ${connection.name}.`)
  const saved = await item()
  expect(saved.is_enabled).toBe(false)
  expect(saved).not.toHaveProperty('organization_connection_name')

  await row.getByRole('button', { name: `Remove ${connection.name}` }).click()
  await page.getByRole('dialog', { name: `Remove ${connection.name}?` }).getByRole('button', { name: 'Remove connection' }).click()
  await expect.poll(() => status(page).textContent()).toBe(`Removed connection ${connection.name}.`)
  expect(await must('GET', `/organizations/${org.id}/connections`)).toEqual([])
  expectClean(tab)
  await tab.context.close()
})

test('the signup rule: Auth0’s 400 is shown and nothing is added', async () => {
  const org = await createOrganization()
  const connection = await must('POST', '/connections', { name: unique('e2e-rule'), strategy: 'auth0' }, 201)
  const tab = await openTab(browser)
  const { page } = tab
  await signIn(page)
  await page.goto(`/console/#/organizations/${org.id}/connections`)
  await page.getByText('Add a connection').click()
  await page.getByLabel('Connection', { exact: true }).selectOption(connection.id)
  await page.getByLabel(/Allow sign-up/).check()
  await page.getByRole('button', { name: 'Add connection' }).click()
  await expect.poll(() => page.getByRole('alert').textContent()).toBe(
    '400 Bad Request: Only database connections with assign_membership_on_login = true support is_signup_enabled = true. (invalid_body)',
  )
  expect(await must('GET', `/organizations/${org.id}/connections`)).toEqual([])
  await tab.context.close()
})
