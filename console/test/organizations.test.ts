// Organizations: find, page, create (and the ways it fails), edit with the branding preview, delete.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { api, createOrganization, must, unique } from './helpers/api'
import { expectClean, launch, openTab, signIn, status } from './helpers/browser'

let browser: Browser
beforeAll(async () => (browser = await launch()))
afterAll(() => browser?.close())

async function openNewOrganizationForm(page: Page, name: string) {
  await page.getByRole('button', { name: 'Create organization' }).click()
  await page.getByLabel('Name', { exact: true }).fill(name)
}

test('a duplicate name: 409 with Auth0’s message next to the name field; nothing created, input kept', async () => {
  const existing = await createOrganization()
  const tab = await openTab(browser)
  const { page } = tab
  await signIn(page)
  await openNewOrganizationForm(page, existing.name)
  await page.getByLabel('Display name').fill('Second try')
  await page.getByRole('button', { name: 'Create organization' }).click()
  const nameField = page.getByLabel('Name', { exact: true })
  await expect.poll(() => nameField.getAttribute('aria-invalid')).toBe('true')
  // The message is tied to the field for screen readers, and says what Auth0 says.
  const describedBy = (await nameField.getAttribute('aria-describedby'))!.split(' ')
  const message = await page.locator(`[id="${describedBy.at(-1)}"]`).textContent()
  expect(message).toBe('409 Conflict: An organization with this name already exists. (organization_conflict)')
  expect(await page.getByLabel('Display name').inputValue()).toBe('Second try')
  expect((await must('GET', `/organizations/name/${existing.name}`)).id).toBe(existing.id)
  // Fixing the name is enough to go on.
  const name = unique('second')
  await nameField.fill(name)
  await page.getByRole('button', { name: 'Create organization' }).click()
  await expect.poll(() => status(page).textContent()).toBe(`Organization ${name} created.`)
  expectClean(tab)
  await tab.context.close()
})

test('a network failure while creating: a clear message, no organization, and a retry works', async () => {
  const tab = await openTab(browser)
  const { page } = tab
  await signIn(page)
  const name = unique('offline')
  await openNewOrganizationForm(page, name)
  await page.route('**/api/v2/organizations', (route) => (route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue()))
  await page.getByRole('button', { name: 'Create organization' }).click()
  await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/^The server could not be reached \(.+\)\. The change may not have been made/)
  expect((await api('GET', `/organizations/name/${name}`)).status).toBe(404)
  expect(page.url()).toMatch(/#\/organizations\/new$/)
  await page.unroute('**/api/v2/organizations')
  await page.getByRole('button', { name: 'Create organization' }).click()
  await expect.poll(() => status(page).textContent()).toBe(`Organization ${name} created.`)
  expect((await api('GET', `/organizations/name/${name}`)).status).toBe(200)
  await tab.context.close()
})

test('an answer lost on its way back: the retry gets the first answer (Idempotency-Key), not a 409', async () => {
  const tab = await openTab(browser)
  const { page } = tab
  await signIn(page)
  const name = unique('lost')
  await openNewOrganizationForm(page, name)
  const keys: (string | null)[] = []
  page.on('request', (r) => r.method() === 'POST' && r.url().endsWith('/api/v2/organizations') && keys.push(r.headers()['idempotency-key'] ?? null))
  // The server creates the organization; the page never hears back.
  await page.route('**/api/v2/organizations', async (route) => {
    if (route.request().method() !== 'POST') return route.continue()
    await route.fetch()
    await route.abort('connectionreset')
  }, { times: 1 })
  await page.getByRole('button', { name: 'Create organization' }).click()
  await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/^The server could not be reached/)
  const created = await must('GET', `/organizations/name/${name}`)

  const replay = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v2/organizations'))
  await page.getByRole('button', { name: 'Create organization' }).click()
  expect((await replay).headers()['idempotent-replayed']).toBe('true')
  await expect.poll(() => page.url()).toContain(`#/organizations/${created.id}`)
  expect(keys).toHaveLength(2)
  expect(keys[0]).toMatch(/^[\w-]{16,}$/)
  expect(keys[1]).toBe(keys[0])
  await tab.context.close()
})

test('edits names, access, branding (with a live preview) and metadata in one save', async () => {
  const org = await createOrganization(unique('edit'), { metadata: { tier: 'gold', region: 'eu' } })
  const tab = await openTab(browser)
  const { page } = tab
  await signIn(page)
  await page.goto(`/console/#/organizations/${org.id}`)
  await page.getByLabel('Display name').fill('Edited Ltd.')
  await page.getByLabel('Third-party applications').selectOption('allow')
  await page.getByLabel(/App entitlement/).check()
  const preview = page.getByTestId('branding-preview')
  const background = () => preview.evaluate((el) => getComputedStyle(el).backgroundColor)
  const button = () => preview.getByText('Continue').evaluate((el) => getComputedStyle(el).backgroundColor)
  await page.getByLabel('Primary colour', { exact: true }).fill('#ff0000')
  await page.getByLabel('Page background', { exact: true }).fill('#00f')
  // The preview follows the fields as they are typed, before anything is saved.
  await expect.poll(button).toBe('rgb(255, 0, 0)')
  await expect.poll(background).toBe('rgb(0, 0, 255)')
  expect(await preview.textContent()).toContain('Log in to Edited Ltd.')
  await page.getByLabel('Logo URL').fill('https://logo.example.com/acme.png')
  // The logo's host is not asked for anything unless the operator says so.
  expect(await preview.getByRole('img').count()).toBe(0)
  await page.getByRole('button', { name: 'Remove metadata region' }).click()
  await page.getByRole('button', { name: 'Add metadata' }).click()
  await page.getByLabel('Metadata key 2').fill('owner')
  await page.getByLabel('Metadata value 2').fill('ops')
  await page.getByRole('button', { name: 'Save changes' }).click()
  await expect.poll(() => status(page).textContent()).toBe(`Organization ${org.name} saved.`)
  expect(await must('GET', `/organizations/${org.id}`)).toEqual({
    id: org.id,
    name: org.name,
    display_name: 'Edited Ltd.',
    branding: { logo_url: 'https://logo.example.com/acme.png', colors: { primary: '#ff0000', page_background: '#00f' } },
    metadata: { tier: 'gold', owner: 'ops' },
    third_party_client_access: 'allow',
    is_app_entitlement_active: true,
  })
  expectClean(tab)

  // Clearing the colours and the logo removes the branding.
  await page.getByLabel('Logo URL').fill('')
  await page.getByLabel('Primary colour', { exact: true }).fill('')
  await page.getByLabel('Page background', { exact: true }).fill('')
  await page.getByRole('button', { name: 'Save changes' }).click()
  await expect.poll(async () => (await must('GET', `/organizations/${org.id}`)).branding).toBeUndefined()
  await tab.context.close()
})

test('a validation error from the API is shown next to the field it names', async () => {
  const org = await createOrganization()
  const tab = await openTab(browser)
  const { page } = tab
  await signIn(page)
  await page.goto(`/console/#/organizations/${org.id}`)
  // Only https logos pass: the browser accepts this URL, the API does not.
  await page.getByLabel('Logo URL').fill('http://insecure.example.com/logo.png')
  await page.getByRole('button', { name: 'Save changes' }).click()
  const logo = page.getByLabel('Logo URL')
  await expect.poll(() => logo.getAttribute('aria-invalid')).toBe('true')
  const id = (await logo.getAttribute('aria-describedby'))!.split(' ').at(-1)
  expect(await page.locator(`[id="${id}"]`).textContent()).toMatch(/^400 Bad Request: Payload validation error: .* on property branding\.logo_url .*\(invalid_body\)$/)
  expect((await must('GET', `/organizations/${org.id}`)).branding).toBeUndefined()
  await tab.context.close()
})

test('finds an organization by name, and a name that does not exist says so', async () => {
  const org = await createOrganization()
  const tab = await openTab(browser)
  const { page } = tab
  await signIn(page)
  const search = page.getByRole('search')
  await search.getByLabel('Find by name').fill('no-such-organization')
  await search.getByRole('button', { name: 'Find' }).click()
  await expect.poll(() => search.getByRole('alert').textContent()).toBe('404 Not Found: No organization found by that id or name')
  await search.getByLabel('Find by name').fill(org.name)
  await search.getByRole('button', { name: 'Find' }).click()
  await expect.poll(() => page.url()).toContain(`#/organizations/${org.id}`)
  await tab.context.close()
})

test('pages through organizations with checkpoint cursors, forward and back', async () => {
  // Enough organizations for at least two pages of 50, whatever the other tests made.
  const { organizations } = await must('GET', '/organizations?per_page=100&include_totals=true')
  for (let i = organizations.length; i < 55; i++) await createOrganization(unique('page'))
  const tab = await openTab(browser)
  const { page } = tab
  const requests: string[] = []
  page.on('request', (r) => r.url().includes('/api/v2/organizations?') && requests.push(new URL(r.url()).search))
  await signIn(page)
  const rows = page.getByRole('table').getByRole('row')
  await expect.poll(() => rows.count()).toBe(51)
  const firstOnPage1 = await rows.nth(1).textContent()
  await page.getByRole('button', { name: 'Next' }).click()
  await expect.poll(() => page.getByText('Page 2').count()).toBe(1)
  await expect.poll(async () => (await rows.nth(1).textContent()) !== firstOnPage1).toBe(true)
  await page.getByRole('button', { name: 'Previous' }).click()
  await expect.poll(() => rows.nth(1).textContent()).toBe(firstOnPage1)
  expect(requests[0]).toBe('?take=50')
  expect(requests[1]).toMatch(/^\?take=50&from=[\w-]+$/)
  await tab.context.close()
})

test('deletes an organization only once its name is typed', async () => {
  const org = await createOrganization()
  const tab = await openTab(browser)
  const { page } = tab
  await signIn(page)
  await page.goto(`/console/#/organizations/${org.id}`)
  await page.getByRole('button', { name: 'Delete organization' }).click()
  const dialog = page.getByRole('dialog', { name: `Delete ${org.name}?` })
  const confirm = dialog.getByRole('button', { name: 'Delete organization' })
  expect(await confirm.isDisabled()).toBe(true)
  await dialog.getByLabel(`Type ${org.name} to confirm`).fill(org.name.slice(0, -1))
  expect(await confirm.isDisabled()).toBe(true)
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  expect((await api('GET', `/organizations/${org.id}`)).status).toBe(200)

  await page.getByRole('button', { name: 'Delete organization' }).click()
  await dialog.getByLabel(`Type ${org.name} to confirm`).fill(org.name)
  await confirm.click()
  await expect.poll(() => status(page).textContent()).toBe(`Organization ${org.name} deleted.`)
  await page.getByRole('heading', { name: 'Organizations', level: 1 }).waitFor()
  expect((await api('GET', `/organizations/${org.id}`)).status).toBe(404)
  expectClean(tab)
  await tab.context.close()
})
