import { Router, type IRequest } from 'itty-router'
import { createClient, deleteClient, findClient, listClients, updateClient } from '../db/clients'
import type { Env } from '../env'
import { ApiError, fail } from '../errors'
import { requireScope } from '../http/auth'
import { readBody } from '../http/body'
import { offsetBody, offsetWindow } from '../http/pagination'
import { pathParams, queryParams } from '../http/params'
import { created, noContent } from '../http/respond'
import { parse } from '../http/validate'
import { ClientCreate, ClientListQuery, ClientPath, ClientUpdate } from '../schemas/client'

/** Reads never return `client_secret`: only its hash is stored, so it is shown once, on create. */
export const clients = Router<IRequest, [Env, ExecutionContext]>({ base: '/api/v2/clients' })

const notFound = () => new ApiError('inexistent_client', 'The client does not exist')

clients.post('/', requireScope('create:clients'), async (req, env) => {
  return created(await createClient(env.DB, parse(ClientCreate, await readBody(req), 'invalid_body')))
})

clients.get('/', requireScope('read:clients'), async (req, env) => {
  const q = queryParams(ClientListQuery, req)
  const { clients: items, total } = await listClients(env.DB, offsetWindow(q))
  return offsetBody('clients', q, items, total)
})

clients.get('/:id', requireScope('read:clients'), async (req, env) => {
  const { id } = pathParams(ClientPath, req)
  return (await findClient(env.DB, id)) ?? fail(notFound())
})

clients.patch('/:id', requireScope('update:clients'), async (req, env) => {
  const { id } = pathParams(ClientPath, req)
  return (await updateClient(env.DB, id, parse(ClientUpdate, await readBody(req), 'invalid_body'))) ?? fail(notFound())
})

clients.delete('/:id', requireScope('delete:clients'), async (req, env) => {
  const { id } = pathParams(ClientPath, req)
  await deleteClient(env.DB, id)
  return noContent()
})
