import { z } from 'zod'
import { API_BASE, isKeyable, type Operation } from '../http/operation'
import { describeScope, MANAGEMENT_SCOPES } from '../http/scopes'
import * as access from './access-responses'
import * as wire from './responses'
import { TAGS } from './tags'

type Json = Record<string, any>

/** The wire entities, by the name they carry in `components.schemas`. */
const ENTITIES: Record<string, z.ZodType> = {
  Organization: wire.OrganizationResponse,
  OrganizationCreated: wire.OrganizationCreated,
  EnabledConnection: wire.EnabledConnectionResponse,
  OrganizationConnection: wire.OrgConnectionResponse,
  DiscoveryDomain: wire.DiscoveryDomainResponse,
  Member: wire.MemberResponse,
  Role: wire.RoleResponse,
  RolePermission: access.RolePermissionResponse,
  RoleUser: access.RoleUserResponse,
  RoleMember: access.RoleMemberResponse,
  OrganizationClient: access.OrgClientResponse,
  ListedOrganization: wire.ListedOrganizationResponse,
  ResourceServer: access.ResourceServerResponse,
  ResourceServerFields: access.ResourceServerFieldsResponse,
  Invitation: wire.InvitationResponse,
  InvitationFields: wire.InvitationFieldsResponse,
  OrganizationClientGrantAssociation: wire.OrgClientGrantAssociationResponse,
  OrganizationClientGrant: wire.OrgClientGrantResponse,
  ClientGrant: wire.ClientGrantResponse,
  Connection: wire.ConnectionResponse,
  ListedConnection: wire.ListedConnectionResponse,
  ConnectionFields: wire.ConnectionFieldsResponse,
  Client: wire.ClientResponse,
  ClientFields: wire.ClientFieldsResponse,
  User: wire.UserResponse,
  UserFields: wire.UserFieldsResponse,
  TenantSettings: wire.TenantSettingsResponse,
  Error: wire.ErrorResponse,
}

const REASONS: Record<number, string> = {
  400: 'Invalid path, query or body (Auth0 `invalid_uri`, `invalid_query_string`, `invalid_body`, `invalid_paging`).',
  401: 'Missing, invalid or expired token.',
  403: 'The token lacks every scope the operation accepts (`insufficient_scope`).',
  404: 'Not found.',
  409: 'Conflict (or, with an Idempotency-Key, the first request with the key is still running: `idempotency_in_progress`).',
  412: 'If-Match names a version the organization is no longer at, or it does not exist (`precondition_failed`).',
  413: 'Body over 1 MB.',
  422: 'The Idempotency-Key was used with a different request (`idempotency_key_reused`).',
}

const ETAG_HEADER = {
  description: 'Strong validator of this version of the organization (ours; Auth0 sends none): `"<id>.<version>"`.',
  schema: { type: 'string' },
}

/** Ours, not Auth0's: HTTP conditional requests on organizations. */
const CONDITIONAL = {
  read: {
    name: 'If-None-Match',
    in: 'header',
    required: false,
    description: 'ETags (or `*`) the client holds: 304 without a body when one names the current version.',
    schema: { type: 'string' },
  },
  write: {
    name: 'If-Match',
    in: 'header',
    required: false,
    description:
      'Change only if the organization is still at one of these versions (strong comparison; `*`: if it exists), checked inside the write itself: otherwise 412 and nothing changes.',
    schema: { type: 'string' },
  },
}

/** Ours, not Auth0's: a repeat with the same key gets the first answer (`Idempotent-Replayed: true`) instead of running again. */
const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Optional, 1-255 printable characters. A repeat of this request with the same key by the same client (within 24 hours) gets the first answer back, with `Idempotent-Replayed: true`, without running again; the key with a different request is a 422, and a repeat while the first still runs waits for it (then 409 `idempotency_in_progress`).',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
}

/**
 * Our OpenAPI 3.1 document, from the operations' own declarations: paths, scopes and schemas are the
 * ones the router serves and the handlers parse with, converted by zod's JSON Schema output. `origin`
 * is where this deployment answers.
 */
export function buildOpenApiDocument(operations: readonly Operation[], origin: string): Json {
  const components = new Components()
  const paths: Json = {}
  for (const op of operations) {
    paths[op.path] = { ...paths[op.path], [op.method.toLowerCase()]: operation(op, components) }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'edge-orgs: Auth0 Management API v2, Organizations',
      version: '2.0',
      description: 'A wire-compatible re-implementation of the Auth0 Management API v2 organizations surface and the tenant resources it refers to.',
    },
    servers: [{ url: `${origin}${API_BASE}` }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas: components.schemas(),
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        oAuth2ClientCredentials: {
          type: 'oauth2',
          description: 'Client credentials at POST /oauth/token; the token carries the scopes granted to the client.',
          flows: { clientCredentials: { tokenUrl: `${origin}/oauth/token`, scopes: Object.fromEntries(MANAGEMENT_SCOPES.map((s) => [s, describeScope(s)])) } },
        },
      },
    },
  }
}

function operation(doc: Operation, components: Components): Json {
  const parameters = [
    ...parametersOf(doc.params, 'path'),
    ...parametersOf(doc.query, 'query'),
    ...(isKeyable(doc) ? [IDEMPOTENCY_KEY] : []),
    ...(doc.conditional ? [CONDITIONAL[doc.conditional]] : []),
  ]
  const responses: Json = {}
  for (const [status, { description, schema, mediaType }] of Object.entries(doc.responses)) {
    const etag = doc.conditional && status === '200' && { headers: { ETag: ETAG_HEADER } }
    const content = (ref: Json) => (mediaType ? { [mediaType]: { schema: ref } } : json(ref))
    responses[status] = { description, ...etag, ...(schema && { content: content(components.ref(schema, `${doc.operationId}_${status}`, 'output')) }) }
  }
  if (doc.conditional === 'read') responses[304] = { description: 'Not modified: the If-None-Match names the current version.', headers: { ETag: ETAG_HEADER } }
  for (const status of errorStatuses(doc)) {
    responses[status] = { description: REASONS[status] ?? 'Error.', content: json(components.ref(wire.ErrorResponse, 'Error', 'output')) }
  }
  return {
    operationId: doc.operationId,
    summary: doc.summary,
    ...(doc.description && { description: doc.description }),
    tags: [doc.tag],
    ...(parameters.length && { parameters }),
    ...(doc.body && {
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: components.ref(doc.body, `${doc.operationId}_request`, 'input') },
          'application/x-www-form-urlencoded': { schema: components.ref(doc.body, `${doc.operationId}_request`, 'input') },
        },
      },
    }),
    responses,
    security: doc.scopes === 'public' ? [] : [{ bearerAuth: [] }, { oAuth2ClientCredentials: [...doc.scopes] }],
  }
}

const json = (schema: Json) => ({ 'application/json': { schema } })

/** zod's JSON Schema output, less the safe-integer bounds it gives every `z.int()` (not limits of ours). */
const TO_JSON_SCHEMA = {
  target: 'draft-2020-12',
  unrepresentable: 'any',
  override: ({ jsonSchema }: { jsonSchema: Json }) => {
    if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum
    if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum
  },
} as const

/** The error statuses an operation documents: its own, 400 when it takes input, 401/403 when scoped, 413 when it reads a body. */
export function errorStatuses(doc: Operation): number[] {
  const errors = new Set(doc.errors ?? [])
  if (isKeyable(doc)) [400, 409, 422].forEach((s) => errors.add(s))
  if (doc.conditional) errors.add(400)
  if (doc.conditional === 'write') errors.add(412)
  if (doc.params || doc.query || doc.body) errors.add(400)
  if (doc.scopes !== 'public') [401, 403].forEach((s) => errors.add(s))
  if (doc.body) errors.add(413)
  return [...errors].sort()
}

function parametersOf(schema: z.ZodObject | undefined, where: 'path' | 'query'): Json[] {
  if (!schema) return []
  return Object.entries(schema.shape).map(([name, prop]) => {
    const { $schema: _, description, ...jsonSchema } = z.toJSONSchema(prop as z.ZodType, { ...TO_JSON_SCHEMA, io: 'input' })
    const required = where === 'path' || !(prop as z.ZodType).safeParse(undefined).success
    return { name, in: where, required, ...(description && { description }), schema: jsonSchema }
  })
}

/**
 * Named schemas, converted together so they refer to each other by `$ref`: request bodies as zod
 * input, responses as output. The wire entities keep their own names; other schemas are named after
 * the operation that uses them first.
 */
class Components {
  private readonly registries = { input: z.registry<{ id: string }>(), output: z.registry<{ id: string }>() }
  private readonly taken = new Set<string>()

  constructor() {
    for (const [name, schema] of Object.entries(ENTITIES)) this.add(schema, name, 'output')
  }

  ref(schema: z.ZodType, name: string, io: 'input' | 'output'): Json {
    const id = this.registries[io].get(schema)?.id ?? this.add(schema, name, io)
    return { $ref: `#/components/schemas/${id}` }
  }

  private add(schema: z.ZodType, name: string, io: 'input' | 'output'): string {
    if (this.taken.has(name)) throw new Error(`openapi: component name ${name} used twice`)
    this.taken.add(name)
    this.registries[io].add(schema, { id: name })
    return name
  }

  schemas(): Json {
    const out: Json = {}
    for (const io of ['input', 'output'] as const) {
      const converted = z.toJSONSchema(this.registries[io], { ...TO_JSON_SCHEMA, io, uri: (id) => `#/components/schemas/${id}` })
      for (const [id, schema] of Object.entries(converted.schemas)) {
        const { $schema: _s, $id: _i, ...rest } = schema as Json
        out[id] = rest
      }
    }
    return out
  }
}
