import { createRole, deleteRole, findRole, listRoles, updateRole } from '../db/roles'
import { ApiError, fail } from '../errors'
import { roleNotFound } from '../http/not-found'
import { ok, operation } from '../http/operation'
import { offsetBody, offsetWindow } from '../http/pagination'
import { listOf, RoleDeleted, RoleResponse } from '../openapi/responses'
import { enqueueCleanup } from '../queue/enqueue'
import { RoleCreate, RoleListQuery, RolePath, RoleUpdate } from '../schemas/role'
import { crudDocs } from './crud'

const conflict = () => new ApiError('conflict', 'Role name already exists')

const docs = crudDocs('/roles', {
  tag: 'roles',
  stem: 'roles',
  noun: 'role',
  item: RoleResponse,
  list: listOf('roles', RoleResponse),
  // 200, not 201: Auth0's answer to a role create, recorded (its document says 200 too).
  created: 200,
  // Auth0 answers 200 with `{}` (recorded; its document lists 200), not 204.
  deleted: { 200: ok('Deleted (idempotent): an empty object, as Auth0 answers.', RoleDeleted) },
  errors: { update: [404, 409] },
})

const create = operation({ ...docs.create, scopes: ['create:roles'], body: RoleCreate }, async ({ body, env }) => {
  const role = await createRole(env.DB, body)
  if (role === 'conflict') throw conflict()
  // Unrecorded: a 400 like the validator's, since Auth0's document lists no 404 for this operation.
  if (role === 'no_owner') throw new ApiError('invalid_body', `Payload validation error: 'The organization does not exist: ${body.owner_id}' on property owner_id.`)
  return role
})

const list = operation({ ...docs.list, scopes: ['read:roles'], query: RoleListQuery }, async ({ query: q, env }) => {
  const { roles: items, total } = await listRoles(env.DB, offsetWindow(q), q)
  return offsetBody('roles', q, items, total)
})

const get = operation({ ...docs.get, scopes: ['read:roles'], params: RolePath }, async ({ params: { id }, env }) => (await findRole(env.DB, id)) ?? fail(roleNotFound()))

const update = operation({ ...docs.update, scopes: ['update:roles'], params: RolePath, body: RoleUpdate }, async ({ params: { id }, body, env }) => {
  const role = await updateRole(env.DB, id, body)
  if (role === 'conflict') throw conflict()
  return role ?? fail(roleNotFound())
})

const remove = operation({ ...docs.remove, scopes: ['delete:roles'], params: RolePath }, async ({ params: { id }, env }) => {
  const cleanup = await deleteRole(env.DB, id)
  if (cleanup) await enqueueCleanup(env, cleanup)
  return {}
})

export const roles = [create, list, get, update, remove]
