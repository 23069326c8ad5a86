import { Router, type IRequest } from 'itty-router'
import {
  disableConnection,
  enableConnection,
  findEnabledConnection,
  listEnabledConnections,
  MAX_ENABLED_CONNECTIONS,
  updateEnabledConnection,
  withDefaults,
  type EnableRefusal,
} from '../db/enabled-connections'
import type { Env } from '../env'
import { ApiError, fail } from '../errors'
import { requireScope } from '../http/auth'
import { readBody } from '../http/body'
import { orgNotFound } from '../http/not-found'
import { offsetBody, offsetWindow } from '../http/pagination'
import { pathParams, queryParams } from '../http/params'
import { created, noContent } from '../http/respond'
import { parse } from '../http/validate'
import { OffsetQuery } from '../schemas/common'
import {
  EnabledConnectionCreate,
  EnabledConnectionPath,
  EnabledConnectionsPath,
  EnabledConnectionUpdate,
  SIGNUP_RULE,
} from '../schemas/enabled-connection'

export const enabledConnections = Router<IRequest, [Env, ExecutionContext]>({ base: '/api/v2/organizations/:id/enabled_connections' })

/** Recorded on GET/PATCH of a connection the org has not enabled: no errorCode. */
const notEnabled = () => new ApiError('not_found', 'No connection found by that id')

const signupRule = () => new ApiError('invalid_body', SIGNUP_RULE)

/**
 * Auth0's texts for the two conflicts are not recorded: the first is the sibling `/connections`
 * API's, the second follows the client-grants quota text. Neither carries an errorCode.
 */
const ENABLE_REFUSALS: Record<EnableRefusal, () => ApiError> = {
  no_organization: orgNotFound,
  // Auth0's answer is unrecorded: the tenant's own connection 404 (POST /organizations, naming several, answers 400).
  no_connection: () => new ApiError('inexistent_connection', 'The connection does not exist'),
  signup_rule: signupRule,
  already_enabled: () => new ApiError('conflict', 'The organization connection already exists.'),
  limit_reached: () =>
    new ApiError('conflict', `Quota exceeded; cannot add more than ${MAX_ENABLED_CONNECTIONS} connections to a single organization`),
}

enabledConnections.post('/', requireScope('create:organization_connections'), async (req, env) => {
  const { id } = pathParams(EnabledConnectionsPath, req)
  const input = parse(EnabledConnectionCreate, await readBody(req), 'invalid_body')
  const result = await enableConnection(env.DB, id, input.connection_id, withDefaults(input))
  return typeof result === 'string' ? fail(ENABLE_REFUSALS[result]()) : created(result)
})

/** Offset only; `limit` is the number of items returned, as recorded. */
enabledConnections.get('/', requireScope('read:organization_connections'), async (req, env) => {
  const { id } = pathParams(EnabledConnectionsPath, req)
  const q = queryParams(OffsetQuery, req)
  const page = (await listEnabledConnections(env.DB, id, offsetWindow(q))) ?? fail(orgNotFound())
  return offsetBody('enabled_connections', q, page.items, page.total, 'returned')
})

enabledConnections.get('/:connectionId', requireScope('read:organization_connections'), async (req, env) => {
  const { id, connectionId } = pathParams(EnabledConnectionPath, req)
  const item = await findEnabledConnection(env.DB, id, connectionId)
  if (item === 'no_organization') throw orgNotFound()
  return item ?? fail(notEnabled())
})

enabledConnections.patch('/:connectionId', requireScope('update:organization_connections'), async (req, env) => {
  const { id, connectionId } = pathParams(EnabledConnectionPath, req)
  const patch = parse(EnabledConnectionUpdate, (await readBody(req)) ?? {}, 'invalid_body')
  const item = await updateEnabledConnection(env.DB, id, connectionId, patch)
  if (item === 'no_organization') throw orgNotFound()
  if (item === 'signup_rule') throw signupRule()
  return item ?? fail(notEnabled())
})

/** Idempotent: 204 whether or not the connection was enabled. */
enabledConnections.delete('/:connectionId', requireScope('delete:organization_connections'), async (req, env) => {
  const { id, connectionId } = pathParams(EnabledConnectionPath, req)
  if (!(await disableConnection(env.DB, id, connectionId))) throw orgNotFound()
  return noContent()
})
