import type { z } from 'zod'
import { ClientCreate, ClientListQuery, ClientPath, ClientUpdate } from '../schemas/client'
import { ClientGrantCreate, ClientGrantListQuery, ClientGrantPath, ClientGrantUpdate } from '../schemas/client-grant'
import { ConnectionCreate, ConnectionListQuery, ConnectionPath, ConnectionUpdate } from '../schemas/connection'
import { RoleCreate, RoleListQuery, RolePath, RoleUpdate } from '../schemas/role'
import { TenantSettingsUpdate } from '../schemas/tenant-settings'
import { UserCreate, UserListQuery, UserPath, UserUpdate } from '../schemas/user'
import { UserOrganizationsPath, UserOrganizationsQuery } from '../schemas/member'
import { GrantOrganizationsPath, GrantOrganizationsQuery } from '../schemas/org-client-grant'
import { OFFSET_OR_CHECKPOINT, Organizations } from './operations-organizations'
import { ok, type OperationDoc, type Tag } from './operation'
import {
  ClientGrantResponse,
  ClientResponse,
  ConnectionDeleted,
  ConnectionResponse,
  ListedConnectionResponse,
  listOf,
  OrganizationResponse,
  RoleDeleted,
  RoleResponse,
  TenantSettingsResponse,
  UserResponse,
} from './responses'

interface Resource {
  tag: Tag
  /** Auth0's operationId stem (`users` → post_users, get_users_by_id, ...). */
  stem: string
  noun: string
  path: z.ZodObject
  listQuery: z.ZodObject
  create: z.ZodType
  update: z.ZodType
  item: z.ZodType
  list: z.ZodType
  created: number
  extra?: Partial<Record<'create' | 'get' | 'update' | 'delete', number[]>>
}

/** The five operations of a tenant resource, Auth0-style. */
function crud(base: string, r: Resource, deleted: OperationDoc['responses']): Record<string, OperationDoc> {
  const common = { tag: r.tag }
  return {
    [`POST ${base}`]: {
      ...common,
      operationId: `post_${r.stem}`,
      summary: `Create a ${r.noun}`,
      body: r.create,
      responses: { [r.created]: ok(`The ${r.noun}.`, r.item) },
      errors: r.extra?.create ?? [409],
    },
    [`GET ${base}`]: { ...common, operationId: `get_${r.stem}`, summary: `List ${r.noun}s`, query: r.listQuery, responses: { 200: ok(`${r.noun}s.`, r.list) } },
    [`GET ${base}/{id}`]: {
      ...common,
      operationId: `get_${r.stem}_by_id`,
      summary: `Get a ${r.noun}`,
      path: r.path,
      responses: { 200: ok(`The ${r.noun}.`, r.item) },
      errors: [404],
    },
    [`PATCH ${base}/{id}`]: {
      ...common,
      operationId: `patch_${r.stem}_by_id`,
      summary: `Update a ${r.noun}`,
      path: r.path,
      body: r.update,
      responses: { 200: ok(`The updated ${r.noun}.`, r.item) },
      errors: r.extra?.update ?? [404],
    },
    [`DELETE ${base}/{id}`]: {
      ...common,
      operationId: `delete_${r.stem}_by_id`,
      summary: `Delete a ${r.noun}`,
      path: r.path,
      responses: deleted,
      errors: r.extra?.delete,
    },
  }
}

const CHECKPOINT = { checkpoint: true }

export const TENANT_OPERATIONS: Record<string, OperationDoc> = {
  ...crud(
    '/users',
    { tag: 'users', stem: 'users', noun: 'user', path: UserPath, listQuery: UserListQuery, create: UserCreate, update: UserUpdate, item: UserResponse, list: listOf('users', UserResponse), created: 201, extra: { update: [404, 409] } },
    { 204: ok('Deleted (idempotent); the user leaves every organization.') },
  ),
  ...crud(
    '/connections',
    {
      tag: 'connections', stem: 'connections', noun: 'connection', path: ConnectionPath, listQuery: ConnectionListQuery, create: ConnectionCreate,
      update: ConnectionUpdate, item: ConnectionResponse, list: listOf('connections', ListedConnectionResponse, CHECKPOINT), created: 201,
    },
    { 202: ok('Deleted; its users and organization links go in the background.', ConnectionDeleted), 204: ok('There was no such connection.') },
  ),
  ...crud(
    '/roles',
    { tag: 'roles', stem: 'roles', noun: 'role', path: RolePath, listQuery: RoleListQuery, create: RoleCreate, update: RoleUpdate, item: RoleResponse, list: listOf('roles', RoleResponse), created: 200, extra: { update: [404, 409] } },
    { 200: ok('Deleted (idempotent): an empty object, as Auth0 answers.', RoleDeleted) },
  ),
  ...crud(
    '/clients',
    { tag: 'clients', stem: 'clients', noun: 'client', path: ClientPath, listQuery: ClientListQuery, create: ClientCreate, update: ClientUpdate, item: ClientResponse, list: listOf('clients', ClientResponse), created: 201, extra: { create: [] } },
    { 204: ok('Deleted (idempotent).') },
  ),
  ...crud(
    '/client-grants',
    {
      tag: 'client-grants', stem: 'client-grants', noun: 'client grant', path: ClientGrantPath, listQuery: ClientGrantListQuery, create: ClientGrantCreate,
      update: ClientGrantUpdate, item: ClientGrantResponse, list: listOf('client_grants', ClientGrantResponse, CHECKPOINT), created: 201, extra: { create: [404, 409], delete: [404] },
    },
    { 204: ok('Deleted; its organization associations go with it.') },
  ),
  'GET /tenants/settings': {
    operationId: 'get_settings',
    summary: 'Get the tenant settings organizations use',
    tag: 'tenants',
    responses: { 200: ok('The settings.', TenantSettingsResponse) },
  },
  'PATCH /tenants/settings': {
    operationId: 'patch_settings',
    summary: 'Update the tenant settings organizations use',
    tag: 'tenants',
    description: 'Merges; `null` removes a setting. `default_redirection_uri` is the invitation link fallback.',
    body: TenantSettingsUpdate,
    responses: { 200: ok('The settings.', TenantSettingsResponse) },
  },
  // The organizations of a tenant user and of a client grant.
  'GET /users/{id}/organizations': {
    operationId: 'get_user_organizations',
    summary: "List a user's organizations",
    tag: 'organizations',
    path: UserOrganizationsPath,
    query: UserOrganizationsQuery,
    responses: { 200: ok('Organizations.', listOf('organizations', OrganizationResponse)) },
  },
  'GET /client-grants/{id}/organizations': {
    operationId: 'get_client_grant_organizations',
    summary: 'List the organizations a client grant is associated with',
    tag: 'organizations',
    description: OFFSET_OR_CHECKPOINT,
    path: GrantOrganizationsPath,
    query: GrantOrganizationsQuery,
    responses: { 200: ok('Organizations.', Organizations) },
    errors: [404],
  },
}
