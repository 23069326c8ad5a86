import type { IRequest } from 'itty-router'
import type { z } from 'zod'
import type { Env } from '../env'
import type { Tag } from '../openapi/tags'
import { authorize, type Token } from './auth'
import { readBody, restoreProtoKeys } from './body'
import { pathParams, queryParams } from './params'
import type { KeptAnswer } from '../db/idempotency'
import { fingerprint, idempotencyKey, runKeyed } from './idempotency'
import { json, JSON_CONTENT_TYPE, noContent } from './respond'
import type { Scope } from './scopes'
import { parse } from './validate'

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'

/** A success status and its body (null: no body). */
export interface Reply {
  description: string
  schema: z.ZodType | null
  /** Another media type than JSON (GET /events answers text/event-stream; `schema` is then one message's `data`). */
  mediaType?: string
}

/**
 * Everything about one operation that is not its code: the route (method, path), the guard (scopes),
 * the schemas the input is parsed with, and what the OpenAPI document says of it. The router, the
 * validation, the scope check and the document entry are all derived from this one declaration.
 */
export interface OperationSpec<P, Q, B> {
  method: Method
  /** OpenAPI template below /api/v2, e.g. `/organizations/{id}/members/{userId}/roles`. */
  path: string
  operationId: string
  summary: string
  tag: Tag
  description?: string
  /** Any one of these lets the caller in; 'public' needs no token at all. */
  scopes: readonly Scope[] | 'public'
  /** Path parameters: keys must be the template's parameters. Parse errors are `invalid_uri`. */
  params?: P
  /** Query parameters; without a schema the query string is ignored. Errors are `invalid_query_string`. */
  query?: Q
  /** The JSON (or form-encoded) body; an absent body reads as `{}`, so the schema names what is missing. */
  body?: B
  /** Success statuses. With one, a plain return value is sent with it (204: no body). */
  responses: Record<number, Reply>
  /** Error statuses beyond 400 (any validated input), 401/403 (any scoped route) and 413 (any body). */
  errors?: number[]
  /**
   * ETag conditional requests (ours; src/http/etag.ts): a 'read' answers its ETag and 304 for a
   * current If-None-Match, a 'write' takes If-Match (412 when stale). Only the document reads this.
   */
  conditional?: 'read' | 'write'
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined

export interface Input<P, Q, B> {
  params: P
  query: Q
  body: B
  /** The verified token; undefined only on public operations. */
  token: Token | undefined
  env: Env
  ctx: ExecutionContext
  req: IRequest
  /**
   * Announces the success answer before the write that produces it, so that under an
   * Idempotency-Key it is kept in the same batch as the write (a crash cannot separate them).
   * Optional: without it the answer is kept right after the write. No effect without the header.
   */
  keep: (body: unknown, status?: number) => void
}

export interface Operation extends OperationSpec<z.ZodObject | undefined, z.ZodObject | undefined, z.ZodType | undefined> {
  handle(req: IRequest, env: Env, ctx: ExecutionContext): Promise<Response>
}

/** Writes that may carry an Idempotency-Key: every POST, and a PATCH or DELETE with a body. */
export const isKeyable = (spec: Pick<OperationSpec<unknown, unknown, unknown>, 'method' | 'body' | 'scopes'>) =>
  spec.scopes !== 'public' && (spec.method === 'POST' || spec.body !== undefined)

/** Shorthand for a success response. */
export const ok = (description: string, schema: z.ZodType | null = null, mediaType?: string): Reply => ({ description, schema, ...(mediaType && { mediaType }) })

/**
 * Declares an operation. The handler receives its input parsed in Auth0's order (token and scope,
 * then path, query, body) and returns a Response, or a plain value sent with the declared status.
 */
export function operation<
  P extends z.ZodObject | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(spec: OperationSpec<P, Q, B>, handler: (input: Input<Out<P>, Out<Q>, Out<B>>) => unknown): Operation {
  checkPathParameters(spec)
  const successes = Object.keys(spec.responses).map(Number)
  const status = successes.length === 1 ? successes[0]! : undefined
  const keyable = isKeyable(spec)
  const run = async (req: IRequest, env: Env, ctx: ExecutionContext, token: Token | undefined, keep: Input<P, Q, B>['keep']) => {
    const params = spec.params && pathParams(spec.params, req)
    const query = spec.query && queryParams(spec.query, req)
    const body = spec.body && restoreProtoKeys(parse(spec.body, await readBody(req), 'invalid_body'))
    const result = await handler({ params, query, body, token, env, ctx, req, keep } as Input<Out<P>, Out<Q>, Out<B>>)
    if (result instanceof Response) return result
    if (status === undefined) throw new Error(`${spec.operationId}: several success statuses; the handler must choose one with reply()`)
    return status === 204 ? noContent() : json(result, status)
  }
  const handle = async (req: IRequest, env: Env, ctx: ExecutionContext): Promise<Response> => {
    const token = spec.scopes === 'public' ? undefined : await authorize(req, env, spec.scopes)
    const key = keyable && token ? idempotencyKey(req) : null
    if (key === null) return run(req, env, ctx, token, () => undefined)
    // A 204 is known before the write; other answers only if the handler announces them.
    let prepared: KeptAnswer | undefined = status === 204 ? { status: 204, headers: {}, body: null } : undefined
    const keep = (value: unknown, answerStatus = status ?? 200) => {
      prepared = { status: answerStatus, headers: { 'content-type': JSON_CONTENT_TYPE }, body: JSON.stringify(value) }
    }
    const keyed = { clientId: token!.sub, key, fingerprint: await fingerprint(req) }
    return runKeyed(env, keyed, () => prepared, (db) => run(req, { ...env, DB: db }, ctx, token, keep))
  }
  return { ...(spec as OperationSpec<P, Q, B> as Operation), handle }
}

/** A template parameter without a schema key, or the reverse, is a declaration mistake: refuse it at load. */
function checkPathParameters(spec: OperationSpec<z.ZodObject | undefined, unknown, unknown>): void {
  const inTemplate = [...spec.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join()
  const inSchema = Object.keys(spec.params?.shape ?? {}).sort().join()
  if (inTemplate !== inSchema) throw new Error(`${spec.method} ${spec.path}: path parameters [${inTemplate}], schema keys [${inSchema}]`)
}

/** For operations with several success statuses: the body and the one it is sent with. */
export const reply = (status: number, body?: unknown): Response => (body === undefined ? new Response(null, { status }) : json(body, status))

/** The itty-router path of an operation: `/api/v2` and `:name` for `{name}`. */
export const routePath = (op: Pick<Operation, 'path'>) => `${API_BASE}${op.path.replace(/\{(\w+)\}/g, ':$1')}`

export const API_BASE = '/api/v2'

/**
 * Registration order for a first-match router: literal segments win over parameters, left to right,
 * so `/organizations/name/{name}` is tried before `/organizations/{id}/members` (an org may be named "members").
 */
export function bySpecificity(a: Pick<Operation, 'path'>, b: Pick<Operation, 'path'>): number {
  const sa = a.path.split('/')
  const sb = b.path.split('/')
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const diff = Number(sa[i]!.startsWith('{')) - Number(sb[i]!.startsWith('{'))
    if (diff !== 0) return diff
  }
  return 0
}
