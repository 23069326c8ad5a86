// Members: adding by email and id (one or many, with progress), what happens when an entry is
// unknown, removing, roles per member, paging and reading them all.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createOrganization, createUser, must, unique } from './helpers/api'
import { expectClean, launch, openTab, signIn, status } from './helpers/browser'

let browser: Browser
beforeAll(async () => (browser = await launch()))
afterAll(() => browser?.close())

const memberIds = async (orgId: string) =>
  ((await must('GET', `/organizations/${orgId}/members?per_page=100`)) as { user_id: string }[]).map((m) => m.user_id).sort()

test('an unknown email among the entries: nothing is added, and the page says which one', async () => {
  const org = await createOrganization()
  const known = await createUser(`${unique('known')}@example.com`)
  const tab = await openTab(browser)
  const { page } = tab
  await signIn(page)
  await page.goto(`/console/#/organizations/${org.id}/members`)
  const missing = `${unique('nobody')}@example.com`
  await page.getByLabel('Add members').fill(`${known.email}, ${missing}`)
  await page.getByRole('button', { name: 'Add', exact: true }).click()
  await expect.poll(() => page.getByRole('alert').textContent()).toBe(`Nothing was added: no user found for ${missing}.`)
  expect(await memberIds(org.id)).toEqual([])
  expect(await page.getByLabel('Add members').inputValue()).toBe(`${known.email}, ${missing}`)
  expectClean(tab)
  await tab.context.close()
})

test('a bulk add goes ten per request with progress; then members are paged and read in full', async () => {
  const org = await createOrganization()
  const users = await Promise.all(Array.from({ length: 55 }, (_, i) => createUser(`${unique(`bulk${i}`)}@example.com`)))
  const tab = await openTab(browser)
  const { page } = tab
  await signIn(page)
  await page.goto(`/console/#/organizations/${org.id}/members`)
  // Slow the adds down so the progress can be seen between requests.
  const posts: number[] = []
  await page.route(`**/api/v2/organizations/${org.id}/members`, async (route) => {
    if (route.request().method() !== 'POST') return route.continue()
    posts.push((route.request().postDataJSON() as { members: string[] }).members.length)
    await new Promise((r) => setTimeout(r, 150))
    await route.continue()
  })
  await page.getByLabel('Add members').fill(users.map((u) => u.email).join('\n'))
  await page.getByRole('button', { name: 'Add', exact: true }).click()
  const bar = page.getByRole('progressbar', { name: 'Adding members' })
  await bar.waitFor()
  await expect.poll(() => page.getByText(/^\d+ of 55$/).count()).toBe(1)
  await expect.poll(() => status(page).textContent(), { timeout: 30_000 }).toBe('Added 55 members.')
  expect(posts).toEqual([10, 10, 10, 10, 10, 5])
  expect(await memberIds(org.id)).toEqual(users.map((u) => u.user_id).sort())

  // Two checkpoint pages of 50 and 5.
  const rows = page.getByRole('table').getByRole('row')
  await expect.poll(() => rows.count()).toBe(51)
  await page.getByRole('navigation', { name: 'Member pages' }).getByRole('button', { name: 'Next' }).click()
  await expect.poll(() => rows.count()).toBe(6)

  // Reading every member reports progress and offers them as CSV.
  await page.getByRole('button', { name: 'Read all members (CSV)' }).click()
  const download = page.getByRole('link', { name: 'Download 55 members as CSV' })
  await download.waitFor()
  const [file] = await Promise.all([page.waitForEvent('download'), download.click()])
  const csv = await new Response(await file.createReadStream() as unknown as ReadableStream).text()
  expect(csv.trim().split('\n')).toHaveLength(56)
  expect(csv).toContain(users[0]!.user_id)
  expectClean(tab)
  await tab.context.close()
})

test('removes a member after confirming; the user stays in the tenant', async () => {
  const org = await createOrganization()
  const [stay, leave] = await Promise.all([createUser(`${unique('stay')}@example.com`), createUser(`${unique('leave')}@example.com`)])
  await must('POST', `/organizations/${org.id}/members`, { members: [stay.user_id, leave.user_id] })
  const tab = await openTab(browser)
  const { page } = tab
  await signIn(page)
  await page.goto(`/console/#/organizations/${org.id}/members`)
  await page.getByRole('button', { name: `Remove ${leave.email}` }).click()
  await page.getByRole('dialog', { name: 'Remove member?' }).getByRole('button', { name: 'Remove member' }).click()
  await expect.poll(() => status(page).textContent()).toBe(`Removed ${leave.email}.`)
  await expect.poll(() => page.getByRole('row').filter({ hasText: leave.email }).count()).toBe(0)
  expect(await memberIds(org.id)).toEqual([stay.user_id])
  expect((await must('GET', `/users/${encodeURIComponent(leave.user_id)}`)).email).toBe(leave.email)
  expectClean(tab)
  await tab.context.close()
})

test('assigns and removes a member’s roles, each at once', async () => {
  const org = await createOrganization()
  const user = await createUser(`${unique('roles')}@example.com`)
  await must('POST', `/organizations/${org.id}/members`, { members: [user.user_id] })
  const [admin, viewer] = await Promise.all([
    must('POST', '/roles', { name: unique('e2e-admin'), description: 'Everything' }),
    must('POST', '/roles', { name: unique('e2e-viewer') }),
  ])
  const tab = await openTab(browser)
  const { page } = tab
  await signIn(page)
  await page.goto(`/console/#/organizations/${org.id}/members`)
  await page.getByRole('button', { name: `Roles of ${user.email}` }).click()
  const dialog = page.getByRole('dialog', { name: `Roles of ${user.email}` })
  await dialog.getByRole('button', { name: `Assign ${admin.name}` }).click()
  await dialog.getByRole('button', { name: `Remove ${admin.name}` }).waitFor()
  await dialog.getByRole('button', { name: `Assign ${viewer.name}` }).click()
  await dialog.getByRole('button', { name: `Remove ${viewer.name}` }).waitFor()
  const roles = async () => ((await must('GET', `/organizations/${org.id}/members/${encodeURIComponent(user.user_id)}/roles`)) as { name: string }[]).map((r) => r.name).sort()
  expect(await roles()).toEqual([admin.name, viewer.name].sort())
  await dialog.getByRole('button', { name: `Remove ${admin.name}` }).click()
  await dialog.getByRole('button', { name: `Assign ${admin.name}` }).waitFor()
  expect(await roles()).toEqual([viewer.name])
  await dialog.getByRole('button', { name: 'Done' }).click()
  // The list shows the member's roles once the dialog closes.
  await expect.poll(() => page.getByRole('row').filter({ hasText: user.email }).textContent()).toContain(viewer.name)
  expectClean(tab)
  await tab.context.close()
})
