import { Router, type IRequest } from 'itty-router'
import { z } from 'zod'
import {
  cleanupState,
  cursorAt,
  leftovers,
  organizationIds,
  pendingInvitationEmails,
  seedEvents,
  seedInvitations,
  seedMembers,
  seedOrganization,
  seedOrganizations,
  seedRoles,
  seedUsers,
} from '../db/bench'
import type { Env } from '../env'
import { ApiError } from '../errors'
import { readBody } from '../http/body'
import { json } from '../http/respond'
import { parse } from '../http/validate'

/**
 * Floors and scale-data tools for the benchmark (scripts/bench.mjs): reachable only when BENCH_MODE is
 * set (never in a deployment's vars). The seed routes write straight into D1 in large set-based
 * statements; one call is bounded by `count` so a request stays small whatever the total.
 */
export const bench = Router<IRequest, [Env, ExecutionContext]>({
  base: '/__bench',
  before: [
    (_req, env) => {
      if (env.BENCH_MODE !== 'true') throw new ApiError('route_not_found', 'Not Found')
    },
  ],
})

bench.get('/noop', () => json({ ok: true }))

bench.get('/one-query', async (_req, env) => json(await env.DB.prepare('SELECT 1 AS one').first()))

const MAX_ROWS_PER_CALL = 50_000

const Range = z.object({
  from: z.int().min(1),
  count: z.int().min(1).max(MAX_ROWS_PER_CALL),
  base_ms: z.int().min(0),
})
const OrgId = z.string().min(1).max(50)

const body = async <S extends z.ZodType>(schema: S, req: Request) => parse(schema, await readBody(req), 'invalid_body')
const range = (r: z.infer<typeof Range>) => ({ from: r.from, count: r.count, baseMs: r.base_ms })

bench.post('/seed/organizations', async (req, env) => {
  const input = await body(Range.extend({ prefix: z.string().regex(/^[a-z0-9-]{1,30}$/) }), req)
  return json({ inserted: await seedOrganizations(env.DB, range(input), input.prefix) })
})

bench.post('/seed/organization', async (req, env) => {
  const { name } = await body(z.object({ name: z.string().regex(/^[a-z0-9_-]{1,50}$/) }), req)
  return json(await seedOrganization(env.DB, name))
})

bench.post('/seed/users', async (req, env) => json({ inserted: await seedUsers(env.DB, range(await body(Range, req))) }))

bench.post('/seed/members', async (req, env) => {
  const input = await body(Range.extend({ org_id: OrgId, role_ids: z.array(z.string().min(1)).max(50) }), req)
  return json({ inserted: await seedMembers(env.DB, input.org_id, range(input), input.role_ids) })
})

bench.post('/seed/invitations', async (req, env) => {
  const input = await body(Range.extend({ org_id: OrgId, client_id: z.string().min(1) }), req)
  return json({ inserted: await seedInvitations(env.DB, input.org_id, range(input), input.client_id) })
})

bench.post('/seed/roles', async (req, env) => {
  const { names } = await body(z.object({ names: z.array(z.string().min(1)).min(1).max(50) }), req)
  return json({ roles: await seedRoles(env.DB, names) })
})

/** Committed events for the delivery run; no dispatch is enqueued (the bench's next write does that). */
bench.post('/seed/events', async (req, env) => {
  const { count, type } = await body(z.object({ count: z.int().min(1).max(MAX_ROWS_PER_CALL), type: z.literal('user.deleted') }), req)
  return json({ inserted: await seedEvents(env.DB, count, type) })
})

const Position = z.coerce.number().int().min(1)

/** `?position=n[&org_id=...]`: the checkpoint `from` that starts right after the n-th org (or member). */
bench.get('/cursor', async (req, env) => {
  const q = parse(z.object({ position: Position, org_id: OrgId.optional() }), req.query, 'invalid_query_string')
  return json({ cursor: await cursorAt(env.DB, q.position, q.org_id) })
})

bench.get('/organization-ids', async (req, env) => {
  const q = parse(z.object({ offset: z.coerce.number().int().min(0), count: z.coerce.number().int().min(1).max(1000) }), req.query, 'invalid_query_string')
  return json({ organizations: await organizationIds(env.DB, q.offset, q.count) })
})

bench.get('/cleanup/:orgId', async (req, env) => {
  const orgId = parse(OrgId, req.params.orgId, 'invalid_uri')
  const [cleanup, left] = await Promise.all([cleanupState(env.DB, orgId), 'rows' in req.query ? leftovers(env.DB, orgId) : undefined])
  return json({ cleanup, ...(left && { rows: left }) })
})

bench.get('/pending-emails', async (_req, env) => json({ pending: await pendingInvitationEmails(env.DB) }))
