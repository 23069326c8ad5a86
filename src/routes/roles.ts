import { Router, type IRequest } from 'itty-router'
import { createRole, deleteRole, findRole, listRoles, updateRole } from '../db/roles'
import type { Env } from '../env'
import { ApiError, fail } from '../errors'
import { requireScope } from '../http/auth'
import { readBody } from '../http/body'
import { offsetBody, offsetWindow } from '../http/pagination'
import { pathParams, queryParams } from '../http/params'
import { json } from '../http/respond'
import { parse } from '../http/validate'
import { enqueueCleanup } from '../queue/enqueue'
import { RoleCreate, RoleListQuery, RolePath, RoleUpdate } from '../schemas/role'

export const roles = Router<IRequest, [Env, ExecutionContext]>({ base: '/api/v2/roles' })

const notFound = () => new ApiError('inexistent_role', 'The role does not exist.')
const conflict = () => new ApiError('conflict', 'Role name already exists')

/** 200, not 201: Auth0's answer to a role create, recorded (its document says 200 too). */
roles.post('/', requireScope('create:roles'), async (req, env) => {
  const role = await createRole(env.DB, parse(RoleCreate, await readBody(req), 'invalid_body'))
  if (role === 'conflict') throw conflict()
  return json(role)
})

roles.get('/', requireScope('read:roles'), async (req, env) => {
  const q = queryParams(RoleListQuery, req)
  const { roles: items, total } = await listRoles(env.DB, offsetWindow(q), q.name_filter)
  return offsetBody('roles', q, items, total)
})

roles.get('/:id', requireScope('read:roles'), async (req, env) => {
  const { id } = pathParams(RolePath, req)
  return (await findRole(env.DB, id)) ?? fail(notFound())
})

roles.patch('/:id', requireScope('update:roles'), async (req, env) => {
  const { id } = pathParams(RolePath, req)
  const role = await updateRole(env.DB, id, parse(RoleUpdate, await readBody(req), 'invalid_body'))
  if (role === 'conflict') throw conflict()
  return role ?? fail(notFound())
})

/** Auth0 answers 200 with `{}` (recorded; its document lists 200), not 204. */
roles.delete('/:id', requireScope('delete:roles'), async (req, env) => {
  const { id } = pathParams(RolePath, req)
  const cleanup = await deleteRole(env.DB, id)
  if (cleanup) await enqueueCleanup(env, cleanup)
  return json({})
})
