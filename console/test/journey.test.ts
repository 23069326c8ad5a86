// The operator's main path, end to end in Chromium: sign in, create an organization, add members,
// invite someone, revoke the invitation. Each step is checked in the page and against the API.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { api, createInvitingClient, createUser, must, unique } from './helpers/api'
import { expectClean, launch, openTab, signIn, status } from './helpers/browser'

let browser: Browser
beforeAll(async () => (browser = await launch()))
afterAll(() => browser?.close())

test('sign in, create an organization, add members, invite, revoke', async () => {
  const app = await createInvitingClient()
  const role = await must('POST', '/roles', { name: unique('e2e-editor'), description: 'Can edit' })
  const ada = await createUser(`${unique('ada')}@example.com`, 'Ada Lovelace')
  const alan = await createUser(`${unique('alan')}@example.com`, 'Alan Turing')
  const tab = await openTab(browser)
  const { page } = tab

  await signIn(page)

  // Create
  const name = unique('acme')
  await page.getByRole('button', { name: 'Create organization' }).click()
  await page.getByLabel('Name', { exact: true }).fill(name)
  await page.getByLabel('Display name').fill('Acme Inc.')
  await page.getByRole('button', { name: 'Create organization' }).click()
  await expect.poll(() => status(page).textContent()).toBe(`Organization ${name} created.`)
  await page.getByRole('heading', { name: /Acme Inc\./, level: 1 }).waitFor()
  const org = await must('GET', `/organizations/name/${name}`)
  expect(org).toMatchObject({ name, display_name: 'Acme Inc.', third_party_client_access: 'block', is_app_entitlement_active: false })
  expect(page.url()).toContain(`#/organizations/${org.id}`)

  // Add members: one by email, one by user id
  await page.getByRole('link', { name: 'Members', exact: true }).click()
  await page.getByLabel('Add members').fill(`${ada.email}\n${alan.user_id}`)
  await page.getByRole('button', { name: 'Add', exact: true }).click()
  await expect.poll(() => status(page).textContent()).toBe('Added 2 members.')
  const rows = page.getByRole('table').getByRole('row')
  await expect.poll(() => rows.count()).toBe(3) // header + 2
  await expect.poll(() => page.getByRole('table').textContent()).toContain(ada.email)
  expect(await page.getByRole('table').textContent()).toContain(alan.user_id)
  const members = await must('GET', `/organizations/${org.id}/members`)
  expect(members.map((m: { user_id: string }) => m.user_id).sort()).toEqual([ada.user_id, alan.user_id].sort())

  // Invite, with a role and a 3-day link
  await page.getByRole('link', { name: 'Invitations', exact: true }).click()
  const invitee = `${unique('grace')}@example.com`
  await page.getByLabel('Invitee email').fill(invitee)
  await page.getByLabel('Inviter name').fill('Support desk')
  await page.getByLabel('Application').selectOption({ label: app.name })
  await page.getByLabel('Expires after (days)').fill('3')
  await page.getByRole('checkbox', { name: role.name }).check()
  await page.getByRole('button', { name: 'Send invitation' }).click()
  await expect.poll(() => status(page).textContent()).toBe(`Invited ${invitee}.`)
  const link = await page.getByLabel('Invitation link').inputValue()
  expect(link).toMatch(/^https:\/\/app\.example\.com\/login\?invitation=\w{32}&organization=org_\w+&organization_name=/)
  const [invitation] = await must('GET', `/organizations/${org.id}/invitations`)
  expect(invitation).toMatchObject({ invitee: { email: invitee }, inviter: { name: 'Support desk' }, client_id: app.client_id, roles: [role.id] })
  expect(Date.parse(invitation.expires_at) - Date.parse(invitation.created_at)).toBe(3 * 86_400_000)
  const invitationRow = page.getByRole('row').filter({ hasText: invitee })
  await invitationRow.waitFor()
  // Roles are listed by name.
  await expect.poll(() => invitationRow.textContent()).toContain(role.name)

  // Revoke, after confirming
  await invitationRow.getByRole('button', { name: `Revoke invitation for ${invitee}` }).click()
  const dialog = page.getByRole('dialog', { name: `Revoke the invitation for ${invitee}?` })
  await dialog.getByRole('button', { name: 'Revoke invitation' }).click()
  await expect.poll(() => status(page).textContent()).toBe(`Revoked the invitation for ${invitee}.`)
  await expect.poll(() => invitationRow.count()).toBe(0)
  expect((await api('GET', `/organizations/${org.id}/invitations/${invitation.id}`)).status).toBe(404)

  expectClean(tab)
  await tab.context.close()
})
