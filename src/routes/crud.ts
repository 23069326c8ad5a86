import type { z } from 'zod'
import { ok, type OperationSpec, type Reply } from '../http/operation'
import type { Tag } from '../openapi/tags'

type Described = Omit<OperationSpec<undefined, undefined, undefined>, 'scopes'>

interface Resource {
  tag: Tag
  /** Auth0's operationId stem (`users` → post_users, get_users_by_id, ...). */
  stem: string
  noun: string
  item: z.ZodType
  list: z.ZodType
  /** The create status: 201, or 200 where Auth0 answers that (roles). */
  created: number
  deleted: Record<number, Reply>
  errors?: Partial<Record<'create' | 'update' | 'delete', number[]>>
}

/**
 * What the document says of the five operations of a tenant resource, Auth0-style. Each route adds
 * its scopes and the schemas it parses: `operation({ ...docs.create, scopes, body }, handler)`.
 */
export function crudDocs(base: string, r: Resource): Record<'create' | 'list' | 'get' | 'update' | 'remove', Described> {
  const common = { tag: r.tag }
  return {
    create: {
      ...common,
      method: 'POST',
      path: base,
      operationId: `post_${r.stem}`,
      summary: `Create a ${r.noun}`,
      responses: { [r.created]: ok(`The ${r.noun}.`, r.item) },
      errors: r.errors?.create ?? [409],
    },
    list: { ...common, method: 'GET', path: base, operationId: `get_${r.stem}`, summary: `List ${r.noun}s`, responses: { 200: ok(`${r.noun}s.`, r.list) } },
    get: {
      ...common,
      method: 'GET',
      path: `${base}/{id}`,
      operationId: `get_${r.stem}_by_id`,
      summary: `Get a ${r.noun}`,
      responses: { 200: ok(`The ${r.noun}.`, r.item) },
      errors: [404],
    },
    update: {
      ...common,
      method: 'PATCH',
      path: `${base}/{id}`,
      operationId: `patch_${r.stem}_by_id`,
      summary: `Update a ${r.noun}`,
      responses: { 200: ok(`The updated ${r.noun}.`, r.item) },
      errors: r.errors?.update ?? [404],
    },
    remove: {
      ...common,
      method: 'DELETE',
      path: `${base}/{id}`,
      operationId: `delete_${r.stem}_by_id`,
      summary: `Delete a ${r.noun}`,
      responses: r.deleted,
      ...(r.errors?.delete && { errors: r.errors.delete }),
    },
  }
}
