import { addRolePermissions, listRolePermissions, removeRolePermissions, type AddRefusal } from '../db/role-permissions'
import { ApiError, fail } from '../errors'
import { roleNotFound } from '../http/not-found'
import { ok, operation } from '../http/operation'
import { offsetBody, offsetWindow } from '../http/pagination'
import { managementApi } from '../http/scopes'
import { Empty, RolePermissionResponse } from '../openapi/access-responses'
import { listOf } from '../openapi/responses'
import type { PermissionRef } from '../schemas/role-permission'
import { RolePermissionsBody, RolePermissionsQuery } from '../schemas/role-permission'
import { RolePath } from '../schemas/role'

const BASE = '/roles/{id}/permissions'

/** A permission sent twice counts once. */
const distinct = (permissions: PermissionRef[]) =>
  [...new Map(permissions.map((p) => [`${p.resource_server_identifier}\n${p.permission_name}`, p])).values()]

/** Auth0's document lists only 400 for these (texts unrecorded): an unknown server or scope is bad input. */
function refusal(r: AddRefusal): ApiError {
  switch (r.kind) {
    case 'no_role':
      return roleNotFound()
    case 'unknown_servers':
      return new ApiError('invalid_body', `One or more of the specified resource servers do not exist: ${r.identifiers.join(', ')}`)
    case 'unknown_permissions': {
      const named = r.permissions.map((p) => `${p.permission_name} (${p.resource_server_identifier})`)
      return new ApiError('invalid_body', `One or more of the specified permissions are not scopes of their resource server: ${named.join(', ')}`)
    }
  }
}

const list = operation(
  {
    method: 'GET',
    path: BASE,
    operationId: 'get_role_permission',
    summary: "List a role's permissions",
    tag: 'roles',
    description: 'Offset paging, ordered by resource server identifier and permission name.',
    scopes: ['read:roles'],
    params: RolePath,
    query: RolePermissionsQuery,
    responses: { 200: ok('Permissions.', listOf('permissions', RolePermissionResponse)) },
    errors: [404],
  },
  async ({ params: { id }, query: q, env }) => {
    const page = await listRolePermissions(env.DB, managementApi(env), id, offsetWindow(q))
    if (!page.roleExists) throw roleNotFound()
    return offsetBody('permissions', q, page.permissions, page.total)
  },
)

const add = operation(
  {
    method: 'POST',
    path: BASE,
    operationId: 'post_role_permission_assignment',
    summary: 'Add permissions to a role',
    tag: 'roles',
    description: 'All or nothing: each permission must be a scope its resource server defines. Adding a permission the role has changes nothing.',
    scopes: ['update:roles'],
    params: RolePath,
    body: RolePermissionsBody,
    responses: { 201: ok('Added: an empty object, as Auth0 answers (recorded).', Empty) },
    errors: [404],
  },
  async ({ params: { id }, body, env }) => {
    const refused = await addRolePermissions(env.DB, managementApi(env), id, distinct(body.permissions))
    return refused ? fail(refusal(refused)) : {}
  },
)

const remove = operation(
  {
    method: 'DELETE',
    path: BASE,
    operationId: 'delete_role_permission_assignment',
    summary: 'Remove permissions from a role',
    tag: 'roles',
    description: 'The permissions travel in a JSON body. Idempotent; answers 204 (recorded; the document says 200).',
    scopes: ['update:roles'],
    params: RolePath,
    body: RolePermissionsBody,
    responses: { 204: ok('Removed.') },
    errors: [404],
  },
  async ({ params: { id }, body, env }) => {
    if (!(await removeRolePermissions(env.DB, managementApi(env), id, distinct(body.permissions)))) throw roleNotFound()
  },
)

export const rolePermissions = [list, add, remove]
