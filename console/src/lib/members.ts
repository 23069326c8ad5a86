// The long member operations: finding users for a list of emails and ids, adding them ten at a time
// (the API's limit per request), and walking every member. Each reports progress and can be stopped.
import { ApiFailure, isStatus, seg, type Api } from './api'
import { checkpointPage, walkCheckpoint } from './paging'
import type { Member, User } from './types'

/** The API takes at most 10 user ids per POST /members. */
export const ADD_CHUNK = 10
const LOOKUP_CONCURRENCY = 4
const USERS_PAGE = 100

export type Progress = (done: number, total: number | undefined) => void

/** Splits pasted text into entries: one per line, comma or space; duplicates dropped. */
export function parseEntries(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean))]
}

/** A user id is `provider|id`; anything with an @ and no | is taken as an email. */
export const isEmail = (entry: string) => entry.includes('@') && !entry.includes('|')

export interface Resolved {
  /** entry → user id, for every entry found. */
  found: Map<string, string>
  missing: string[]
}

/**
 * Finds the user behind each entry without changing anything: ids are read one by one, emails through
 * Auth0's users-by-email lookup or, where the server has none, one walk through the user list.
 */
export async function resolveUsers(api: Api, entries: string[], progress: Progress, signal: AbortSignal): Promise<Resolved> {
  const found = new Map<string, string>()
  const emails = entries.filter(isEmail)
  const ids = entries.filter((e) => !isEmail(e))
  let done = 0
  const tick = () => progress(++done, entries.length)
  await inParallel(ids, LOOKUP_CONCURRENCY, signal, async (id) => {
    try {
      const user = await api.get<User>(`/users/${seg(id)}`)
      found.set(id, user.user_id)
    } catch (err) {
      if (!isStatus(err, 404)) throw err
    }
    tick()
  })
  if (emails.length) {
    const byEmail = await findByEmail(api, emails, signal, tick)
    for (const [email, id] of byEmail) found.set(email, id)
  }
  return { found, missing: entries.filter((e) => !found.has(e)) }
}

async function findByEmail(api: Api, emails: string[], signal: AbortSignal, tick: () => void): Promise<Map<string, string>> {
  const found = new Map<string, string>()
  try {
    await inParallel(emails, LOOKUP_CONCURRENCY, signal, async (email) => {
      const users = await api.get<User[]>('/users-by-email', { email })
      const user = users.find((u) => u.email?.toLowerCase() === email.toLowerCase())
      if (user) found.set(email, user.user_id)
      tick()
    })
    return found
  } catch (err) {
    // This server has no /users-by-email (a route 404 says just "Not Found"): search the list instead.
    if (!(isStatus(err, 404) && err instanceof ApiFailure && err.message === 'Not Found')) throw err
  }
  const wanted = new Map(emails.map((e) => [e.toLowerCase(), e]))
  for (let page = 0; found.size < wanted.size && !signal.aborted; page++) {
    const users = await api.get<User[]>('/users', { page, per_page: USERS_PAGE })
    for (const u of users) {
      const email = u.email && wanted.get(u.email.toLowerCase())
      if (email && !found.has(email)) (found.set(email, u.user_id), tick())
    }
    if (users.length < USERS_PAGE) break
  }
  return found
}

/**
 * Adds the users in requests of ten. Stops at the first failure and says how far it got: each request
 * is all-or-nothing on the server, and adding a member twice changes nothing, so a retry is safe.
 */
export async function addMembers(api: Api, orgId: string, userIds: string[], progress: Progress, signal: AbortSignal): Promise<number> {
  let added = 0
  for (let i = 0; i < userIds.length && !signal.aborted; i += ADD_CHUNK) {
    const chunk = userIds.slice(i, i + ADD_CHUNK)
    await api.post(`/organizations/${seg(orgId)}/members`, { members: chunk })
    added += chunk.length
    progress(added, userIds.length)
  }
  return added
}

/** Every member, page by page (100 at a time, by checkpoint), reporting the count read so far. */
export async function walkMembers(api: Api, orgId: string, onPage: (members: Member[]) => void, signal: AbortSignal): Promise<void> {
  await walkCheckpoint(
    async (from) => checkpointPage<Member>(await api.get(`/organizations/${seg(orgId)}/members`, { take: 100, from }), 'members'),
    onPage,
    signal,
  )
}

/** The member total, from one offset read with totals (checkpoint pages carry none). */
export async function countMembers(api: Api, orgId: string): Promise<number | undefined> {
  const body = await api.get<{ total?: number }>(`/organizations/${seg(orgId)}/members`, { per_page: 1, include_totals: true, fields: 'user_id' })
  return body.total
}

export function membersCsv(members: Member[]): string {
  const cell = (v: string | undefined) => (v === undefined ? '' : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)
  const lines = members.map((m) => [m.user_id, m.email, m.name].map(cell).join(','))
  return ['user_id,email,name', ...lines].join('\n') + '\n'
}

async function inParallel<T>(items: T[], limit: number, signal: AbortSignal, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length && !signal.aborted) await work(items[next++]!)
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}
