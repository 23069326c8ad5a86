import { findConnectionsByIds } from '../db/connections'
import { newOrganizationConnectionEvents, organizationCreatedEvent } from '../db/events'
import { insertAssociation, recountConnections, rowFrom, toEnabledConnection, withDefaults } from '../db/org-connections'
import {
  batchOrConflict,
  countOrganizationAdded,
  deleteOrganization,
  findOrganization,
  findOrganizationByName,
  insertOrganization,
  listOrganizationsAfter,
  listOrganizationsOffset,
  toListedOrganization,
  toOrganization,
  updateOrganization,
} from '../db/organizations'
import { ApiError, fail } from '../errors'
import { checkpointBody, checkpointRequest } from '../http/checkpoint'
import { etagOf, ifMatch, notModified, preconditionFailed } from '../http/etag'
import { orgNotFound } from '../http/not-found'
import { json } from '../http/respond'
import { ok, operation } from '../http/operation'
import { cappedWindow, offsetBody } from '../http/pagination'
import { indexOrganization, lookupByName, refillByName, unindexOrganization, type Indexed } from '../kv/org-name-index'
import { ListedOrganizationResponse, listOf, OrganizationCreated, OrganizationResponse } from '../openapi/responses'
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

const conflict = () => new ApiError('organization_conflict', 'An organization with this name already exists.')

export const Organizations = listOf('organizations', OrganizationResponse, { checkpoint: true })
const ListedOrganizations = listOf('organizations', ListedOrganizationResponse, { checkpoint: true })
export const OFFSET_OR_CHECKPOINT =
  'Offset paging (`page`, `per_page`, `include_totals`) returns an array or `{<key>, start, limit, total}`; sending `take` or `from` switches to checkpoint paging, `{<key>, next?}`.'

const create = operation(
  {
    method: 'POST',
    path: '/organizations',
    operationId: 'post_organizations',
    summary: 'Create an organization',
    tag: 'organizations',
    scopes: ['create:organizations'],
    body: OrganizationCreate,
    responses: { 201: ok('The organization, with its enabled connections expanded when the request named some.', OrganizationCreated) },
    errors: [409],
  },
  async ({ body: input, env, keep }) => {
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
    const inserts = enabled.map(({ connection, settings }) => insertAssociation(env.DB, row.id, connection.id, settings))
    const org = toOrganization(row)
    const answer = input.enabled_connections
      ? { ...org, enabled_connections: enabled.map(({ connection, settings }) => toEnabledConnection(rowFrom(connection, settings))) }
      : org
    keep(answer)
    const counts = [countOrganizationAdded(env.DB), ...(inserts.length ? [recountConnections(env.DB, row.id)] : [])]
    const events = [organizationCreatedEvent(env.DB, row.id), newOrganizationConnectionEvents(env.DB, row.id)]
    if ((await batchOrConflict(env.DB, [statement, ...inserts, ...counts, ...events])) === 'conflict') throw conflict()
    await indexOrganization(env.ORG_INDEX, { org, version: row.version })
    return answer
  },
)

const list = operation(
  {
    method: 'GET',
    path: '/organizations',
    operationId: 'get_organizations',
    summary: 'List organizations in creation order',
    tag: 'organizations',
    description: `${OFFSET_OR_CHECKPOINT} Offset paging stops at the first 1000 records. \`include_client_association_for=<client_id>\` adds \`client\` to the organizations associated with that client.`,
    scopes: ['read:organizations', 'read:organizations_summary'],
    query: OrganizationListQuery,
    responses: { 200: ok('Organizations.', ListedOrganizations) },
  },
  async ({ query: q, env }) => {
    const checkpoint = checkpointRequest(q)
    if (checkpoint) {
      // A keyset page in creation order, never OFFSET.
      const rows = await listOrganizationsAfter(env.DB, checkpoint.after, checkpoint.take + 1, q.include_client_association_for)
      const items = rows.map((r) => ({ item: toListedOrganization(r), cursor: { createdAt: r.created_at, id: r.id } }))
      return checkpointBody('organizations', items, checkpoint.take)
    }
    const { rows, total } = await listOrganizationsOffset(env.DB, cappedWindow(q), q.sort, q.include_totals === true, q.include_client_association_for)
    return offsetBody('organizations', q, rows.map(toListedOrganization), total)
  },
)

const getByName = operation(
  {
    method: 'GET',
    path: '/organizations/name/{name}',
    operationId: 'get_name_by_name',
    conditional: 'read',
    summary: 'Get an organization by name',
    tag: 'organizations',
    scopes: ['read:organizations'],
    params: OrganizationNamePath,
    responses: { 200: ok('The organization.', OrganizationResponse) },
    errors: [404],
  },
  async ({ params: { name }, env, ctx, req }) => {
    const hit = await lookupByName(env.ORG_INDEX, name)
    if (hit) return versioned(req, hit)
    const row = (await findOrganizationByName(env.DB, name)) ?? fail(orgNotFound())
    const entry = { org: toOrganization(row), version: row.version }
    // The answer does not wait for the cache fill: a KV write is the slowest step of a miss.
    ctx.waitUntil(refillByName(env.ORG_INDEX, entry))
    return versioned(req, entry)
  },
)

const get = operation(
  {
    method: 'GET',
    path: '/organizations/{id}',
    operationId: 'get_organizations_by_id',
    conditional: 'read',
    summary: 'Get an organization',
    tag: 'organizations',
    scopes: ['read:organizations', 'read:organizations_summary'],
    params: OrganizationLookupPath,
    responses: { 200: ok('The organization.', OrganizationResponse) },
    errors: [404],
  },
  async ({ params: { id }, env, req }) => {
    const row = (await findOrganization(env.DB, id)) ?? fail(orgNotFound())
    return versioned(req, { org: toOrganization(row), version: row.version })
  },
)

const update = operation(
  {
    method: 'PATCH',
    path: '/organizations/{id}',
    operationId: 'patch_organizations_by_id',
    conditional: 'write',
    summary: 'Update an organization',
    tag: 'organizations',
    description: 'Keys not sent stay; `metadata` is replaced whole; `null` clears branding, metadata or token_quota.',
    scopes: ['update:organizations'],
    params: OrganizationLookupPath,
    body: OrganizationUpdate,
    responses: { 200: ok('The updated organization.', OrganizationResponse) },
    errors: [404, 409],
  },
  async ({ params: { id }, body: patch, env, req }) => {
    const result = await updateOrganization(env.DB, id, patch, ifMatch(req, id))
    if (result === 'conflict') throw conflict()
    if (result === 'precondition_failed') throw preconditionFailed()
    if (!result) throw orgNotFound()
    const entry = { org: toOrganization(result.row), version: result.row.version }
    await indexOrganization(env.ORG_INDEX, entry, result.previousName)
    return versioned(req, entry)
  },
)

const remove = operation(
  {
    method: 'DELETE',
    path: '/organizations/{id}',
    operationId: 'delete_organizations_by_id',
    conditional: 'write',
    summary: 'Delete an organization',
    tag: 'organizations',
    description: 'Not idempotent: a second delete is a 404. Memberships, roles, invitations and associations are removed in the background.',
    scopes: ['delete:organizations'],
    params: OrganizationPath,
    responses: { 204: ok('Deleted.') },
    errors: [404],
  },
  async ({ params: { id }, env, req }) => {
    const deleted = (await deleteOrganization(env.DB, id, ifMatch(req, id))) ?? fail(orgNotFound())
    if (deleted === 'precondition_failed') throw preconditionFailed()
    await Promise.all([
      enqueueCleanup(env, { id: deleted.cleanupId, kind: 'organization', target_id: id }),
      unindexOrganization(env.ORG_INDEX, id, deleted.name),
    ])
  },
)

export const organizations = [create, list, getByName, get, update, remove]

/** The organization with its ETag, or 304 when the client's If-None-Match names this version. */
function versioned(req: Request, { org, version }: Indexed): Response {
  const etag = etagOf(org.id, version)
  if (req.method === 'GET' && notModified(req, org.id, version)) return new Response(null, { status: 304, headers: { etag } })
  const res = json(org)
  res.headers.set('etag', etag)
  return res
}
