// What the console does when the server says no: a token it no longer accepts, a scope the token
// lacks, and a client that can do only part of the work.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { createLimitedClient, createOrganization, createUser, must, unique } from './helpers/api'
import { expectClean, launch, openTab, signIn, status } from './helpers/browser'

let browser: Browser
beforeAll(async () => (browser = await launch()))
afterAll(() => browser?.close())

test('a token the server no longer accepts: sign in again over the page, which keeps what was typed, then retry', async () => {
  const org = await createOrganization()
  const user = await createUser(`${unique('retry')}@example.com`)
  const tab = await openTab(browser)
  const { page } = tab
  await signIn(page)
  await page.goto(`/console/#/organizations/${org.id}/members`)
  // The next API call is answered as Auth0 answers an expired token.
  await page.route('**/api/v2/users/**', (route) =>
    route.fulfill({
      status: 401,
      contentType: 'application/json',
      body: JSON.stringify({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'Expired token received for JSON Web Token validation',
        attributes: { error: 'Expired token received for JSON Web Token validation' },
      }),
    }),
  )
  await page.getByLabel('Add members').fill(user.user_id)
  await page.getByRole('button', { name: 'Add', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Your session has ended' })
  await dialog.waitFor()
  expect(await page.getByRole('alert').filter({ hasText: 'Expired token' }).textContent()).toBe(
    '401 Unauthorized: Expired token received for JSON Web Token validation Your session has ended: sign in again, then retry.',
  )
  expect(await must('GET', `/organizations/${org.id}/members`)).toEqual([])
  await page.unroute('**/api/v2/users/**')

  expect(await dialog.getByLabel('Client ID').inputValue()).toBe(inject('console').clientId)
  await dialog.getByLabel('Client secret').fill(inject('console').clientSecret)
  await dialog.getByRole('button', { name: 'Sign in' }).click()
  await expect.poll(() => dialog.count()).toBe(0)
  expect(await page.getByLabel('Add members').inputValue()).toBe(user.user_id)
  await page.getByRole('button', { name: 'Add', exact: true }).click()
  await expect.poll(() => status(page).textContent()).toBe('Added 1 member.')
  expect(await must('GET', `/organizations/${org.id}/members`)).toMatchObject([{ user_id: user.user_id }])
  await tab.context.close()
})

test('a 403 is shown with Auth0’s message where it happened, and the page stays usable', async () => {
  const org = await createOrganization()
  const tab = await openTab(browser)
  const { page } = tab
  await signIn(page)
  await page.goto(`/console/#/organizations/${org.id}`)
  // A grant changed after sign-in: the server refuses what the token's scopes said it could do.
  await page.route(`**/api/v2/organizations/${org.id}`, (route) =>
    route.request().method() === 'PATCH'
      ? route.fulfill({
          status: 403,
          contentType: 'application/json',
          body: JSON.stringify({ statusCode: 403, error: 'Forbidden', message: 'Insufficient scope, expected any of: update:organizations', errorCode: 'insufficient_scope' }),
        })
      : route.continue(),
  )
  await page.getByLabel('Display name').fill('Not allowed')
  await page.getByRole('button', { name: 'Save changes' }).click()
  await expect.poll(() => page.getByRole('alert').textContent()).toBe(
    '403 Forbidden: Insufficient scope, expected any of: update:organizations (insufficient_scope) The signed-in client lacks the scope for this.',
  )
  expect((await must('GET', `/organizations/${org.id}`)).display_name).toBeUndefined()
  // Nothing is stuck: the form still edits, and other pages still load.
  expect(await page.getByRole('button', { name: 'Save changes' }).isEnabled()).toBe(true)
  await page.getByRole('link', { name: 'Members', exact: true }).click()
  await page.getByText('No members yet.').waitFor()
  await tab.context.close()
})

test('a client with only some scopes sees the rest disabled, each saying which scope it needs', async () => {
  const org = await createOrganization()
  const member = await createUser(`${unique('scoped')}@example.com`)
  await must('POST', `/organizations/${org.id}/members`, { members: [member.user_id] })
  const limited = await createLimitedClient(['read:organizations', 'read:organization_members', 'create:organization_members'])
  const tab = await openTab(browser)
  const { page } = tab
  const forbidden: string[] = []
  page.on('response', (r) => r.status() === 403 && forbidden.push(`${r.request().method()} ${r.url()}`))
  await signIn(page, { ...inject('console'), ...limited })

  const create = page.getByRole('button', { name: 'Create organization' })
  expect(await create.isDisabled()).toBe(true)
  expect(await page.getByText('needs create:organizations').count()).toBe(1)

  await page.goto(`/console/#/organizations/${org.id}/members`)
  await page.getByRole('row').filter({ hasText: member.email }).waitFor()
  const remove = page.getByRole('button', { name: `Remove ${member.email}` })
  expect(await remove.isDisabled()).toBe(true)
  // The hint is the button's description for screen readers.
  const hint = await remove.getAttribute('aria-describedby')
  expect(await page.locator(`[id="${hint}"]`).textContent()).toBe('needs delete:organization_members')
  expect(await page.getByRole('button', { name: 'Add', exact: true }).isEnabled()).toBe(true)
  // Without read:users, members are added by user id only.
  expect(await page.getByText('User ids (like auth0|abc123), one per line.').count()).toBe(1)

  await page.goto(`/console/#/organizations/${org.id}/invitations`)
  await page.getByText('Not available: the signed-in client needs read:organization_invitations.').waitFor()
  expect(await page.getByRole('button', { name: 'Send invitation' }).isDisabled()).toBe(true)
  await page.goto(`/console/#/organizations/${org.id}`)
  expect(await page.getByRole('button', { name: 'Save changes' }).isDisabled()).toBe(true)
  expect(await page.getByRole('button', { name: 'Delete organization' }).isDisabled()).toBe(true)

  expect(forbidden).toEqual([])
  expectClean(tab)
  await tab.context.close()
})
