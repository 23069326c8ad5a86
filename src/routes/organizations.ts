import { Router, type IRequest } from 'itty-router'
import { findConnectionsByIds } from '../db/connections'
import { enabledConnectionFrom, insertEnabledConnection, withDefaults } from '../db/enabled-connections'
import {
  batchOrConflict,
  deleteOrganization,
  findOrganization,
  findOrganizationByName,
  insertOrganization,
  listOrganizationsAfter,
  listOrganizationsOffset,
  toOrganization,
  updateOrganization,
} from '../db/organizations'
import type { Env } from '../env'
import { ApiError, fail } from '../errors'
import { requireScope } from '../http/auth'
import { readBody } from '../http/body'
import { checkpointBody, checkpointRequest } from '../http/checkpoint'
import { cappedWindow, offsetBody } from '../http/pagination'
import { pathParams, queryParams } from '../http/params'
import { orgNotFound } from '../http/not-found'
import { created, noContent } from '../http/respond'
import { parse } from '../http/validate'
import { indexOrganization, lookupByName, refillByName, unindexOrganization } from '../kv/org-name-index'
import { enqueueCleanup } from '../queue/enqueue'
import { SIGNUP_RULE, signupAllowed } from '../schemas/enabled-connection'
import {
  OrganizationCreate,
  OrganizationListQuery,
  OrganizationLookupPath,
  OrganizationNamePath,
  OrganizationPath,
  OrganizationUpdate,
} from '../schemas/organization'

export const organizations = Router<IRequest, [Env, ExecutionContext]>({ base: '/api/v2/organizations' })

const conflict = () => new ApiError('organization_conflict', 'An organization with this name already exists.')

organizations.post('/', requireScope('create:organizations'), async (req, env) => {
  const input = parse(OrganizationCreate, await readBody(req), 'invalid_body')
  const wanted = input.enabled_connections ?? []
  const connections = await findConnectionsByIds(env.DB, wanted.map((c) => c.connection_id))
  const unknown = wanted.map((c) => c.connection_id).filter((id) => !connections.has(id))
  if (unknown.length) throw new ApiError('invalid_body', `One or more of the specified connections do not exist: ${unknown.join(', ')}`)
  const enabled = wanted.map((item, i) => {
    const connection = connections.get(item.connection_id)!
    if (wanted.findIndex((c) => c.connection_id === item.connection_id) !== i) {
      throw new ApiError('invalid_body', `Payload validation error: 'Array items are not unique (connection_id ${item.connection_id})' on property enabled_connections.`)
    }
    const settings = withDefaults(item)
    if (!signupAllowed(connection.strategy, settings)) throw new ApiError('invalid_body', SIGNUP_RULE)
    return { connection, settings }
  })
  const { statement, row } = insertOrganization(env.DB, input)
  const inserts = enabled.map(({ connection, settings }) => insertEnabledConnection(env.DB, row.id, connection.id, settings))
  if ((await batchOrConflict(env.DB, [statement, ...inserts])) === 'conflict') throw conflict()
  const org = toOrganization(row)
  await indexOrganization(env.ORG_INDEX, org)
  if (!input.enabled_connections) return created(org)
  return created({ ...org, enabled_connections: enabled.map(({ connection, settings }) => enabledConnectionFrom(connection, settings)) })
})

organizations.get('/', requireScope('read:organizations', 'read:organizations_summary'), async (req, env) => {
  const q = queryParams(OrganizationListQuery, req)
  const checkpoint = checkpointRequest(q)
  if (checkpoint) {
    // A keyset page in creation order, never OFFSET.
    const rows = await listOrganizationsAfter(env.DB, checkpoint.after, checkpoint.take + 1)
    const items = rows.map((r) => ({ item: toOrganization(r), cursor: { createdAt: r.created_at, id: r.id } }))
    return checkpointBody('organizations', items, checkpoint.take)
  }
  const window = cappedWindow(q)
  const { rows, total } = await listOrganizationsOffset(env.DB, window, q.sort, q.include_totals === true)
  return offsetBody('organizations', q, rows.map(toOrganization), total)
})

organizations.get('/name/:name', requireScope('read:organizations'), async (req, env, ctx) => {
  const { name } = pathParams(OrganizationNamePath, req)
  const hit = await lookupByName(env.ORG_INDEX, name)
  if (hit) return hit
  const row = (await findOrganizationByName(env.DB, name)) ?? fail(orgNotFound())
  const org = toOrganization(row)
  // The answer does not wait for the cache fill: a KV write is the slowest step of a miss.
  ctx.waitUntil(refillByName(env.ORG_INDEX, org))
  return org
})

organizations.get('/:id', requireScope('read:organizations', 'read:organizations_summary'), async (req, env) => {
  const { id } = pathParams(OrganizationLookupPath, req)
  return toOrganization((await findOrganization(env.DB, id)) ?? fail(orgNotFound()))
})

organizations.patch('/:id', requireScope('update:organizations'), async (req, env) => {
  const { id } = pathParams(OrganizationLookupPath, req)
  const patch = parse(OrganizationUpdate, await readBody(req) ?? {}, 'invalid_body')
  const result = await updateOrganization(env.DB, id, patch)
  if (result === 'conflict') throw conflict()
  if (!result) throw orgNotFound()
  const org = toOrganization(result.row)
  await indexOrganization(env.ORG_INDEX, org, result.previousName)
  return org
})

organizations.delete('/:id', requireScope('delete:organizations'), async (req, env) => {
  const { id } = pathParams(OrganizationPath, req)
  const deleted = (await deleteOrganization(env.DB, id)) ?? fail(orgNotFound())
  await Promise.all([
    enqueueCleanup(env, { id: deleted.cleanupId, kind: 'organization', target_id: id }),
    unindexOrganization(env.ORG_INDEX, id, deleted.name),
  ])
  return noContent()
})
