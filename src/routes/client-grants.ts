import { Router, type IRequest } from 'itty-router'
import { createClientGrant, deleteClientGrant, findClientGrant, listClientGrants, listClientGrantsAfter, updateClientGrant } from '../db/client-grants'
import type { Env } from '../env'
import { ApiError, fail } from '../errors'
import { requireScope } from '../http/auth'
import { readBody } from '../http/body'
import { checkpointBody, checkpointRequest } from '../http/checkpoint'
import { offsetBody, offsetWindow } from '../http/pagination'
import { pathParams, queryParams } from '../http/params'
import { created, noContent } from '../http/respond'
import { parse } from '../http/validate'
import { ClientGrantCreate, ClientGrantListQuery, ClientGrantPath, ClientGrantUpdate } from '../schemas/client-grant'
import { enqueueCleanup } from '../queue/enqueue'

/** `/client-grants/:id/organizations` is served by another router (the root router mounts this one on `/` and `/:id` only). */
export const clientGrants = Router<IRequest, [Env, ExecutionContext]>({ base: '/api/v2/client-grants' })

const notFound = () => new ApiError('inexistent_client_grant', 'The grant does not exist.')

clientGrants.post('/', requireScope('create:client_grants'), async (req, env) => {
  const input = parse(ClientGrantCreate, await readBody(req), 'invalid_body')
  const grant = await createClientGrant(env.DB, input)
  if (grant === 'no_client') throw new ApiError('inexistent_client', 'Client not found')
  // Text as recorded in a public report (terraform-provider-auth0#255), with the ids filled in.
  if (grant === 'conflict') throw new ApiError('conflict', `A client grant already exists between ${input.client_id} and ${input.audience}`)
  return created(grant)
})

clientGrants.get('/', requireScope('read:client_grants'), async (req, env) => {
  const q = queryParams(ClientGrantListQuery, req)
  const checkpoint = checkpointRequest(q)
  // Checkpoint mode, as on GET /organizations.
  if (checkpoint) return checkpointBody('client_grants', await listClientGrantsAfter(env.DB, checkpoint.after, checkpoint.take + 1, q), checkpoint.take)
  const { client_grants: items, total } = await listClientGrants(env.DB, offsetWindow(q), q)
  return offsetBody('client_grants', q, items, total)
})

clientGrants.get('/:id', requireScope('read:client_grants'), async (req, env) => {
  const { id } = pathParams(ClientGrantPath, req)
  return (await findClientGrant(env.DB, id)) ?? fail(notFound())
})

clientGrants.patch('/:id', requireScope('update:client_grants'), async (req, env) => {
  const { id } = pathParams(ClientGrantPath, req)
  return (await updateClientGrant(env.DB, id, parse(ClientGrantUpdate, await readBody(req), 'invalid_body'))) ?? fail(notFound())
})

clientGrants.delete('/:id', requireScope('delete:client_grants'), async (req, env) => {
  const { id } = pathParams(ClientGrantPath, req)
  const cleanup = (await deleteClientGrant(env.DB, id)) ?? fail(notFound())
  await enqueueCleanup(env, cleanup)
  return noContent()
})
