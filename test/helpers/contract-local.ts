/**
 * The contract for what we serve under /api/v2 that Auth0's two documents (shared/contract) leave out.
 * Written as a small OpenAPI fragment in the same form, checked by the same machinery; `$ref`s into
 * Auth0's documents (`organizations#/...`) reuse its shapes. Anything under /api/v2 that is neither
 * here nor in Auth0's documents must answer an error in Auth0's envelope (see contract.ts).
 * /oauth/token and /.well-known/jwks.json are not Management API paths: the contract checker skips
 * them (test/routes/oauth.test.ts asserts their RFC 6749 / JWKS bodies whole).
 */
type Schema = Record<string, unknown>

const json = (schema: Schema) => ({ description: '', content: { 'application/json': { schema } } })
const error = { description: '' }
const ORGANIZATION = { $ref: 'organizations#/components/schemas/Organization' }

/** Auth0's error body (behaviour.md §1.2): 401s carry `attributes.error` instead of `errorCode`. */
export const ERROR_ENVELOPE: Schema = {
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  additionalProperties: false,
  properties: {
    statusCode: { type: 'integer', minimum: 400, maximum: 599 },
    error: { type: 'string', minLength: 1 },
    message: { type: 'string' },
    errorCode: { type: 'string', minLength: 1 },
    attributes: { type: 'object', required: ['error'], additionalProperties: false, properties: { error: { type: 'string' } } },
  },
}

const TENANT_SETTINGS: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    default_redirection_uri: { type: 'string', format: 'absolute-https-uri-or-empty' },
    friendly_name: { type: 'string' },
    picture_url: { type: 'string', format: 'absolute-uri-or-empty' },
    support_email: { type: 'string' },
    support_url: { type: 'string', format: 'absolute-uri-or-empty' },
  },
}

const ORGANIZATION_LIST: Schema = {
  // anyOf, not oneOf: a last checkpoint page `{organizations}` also reads as an offset wrapper.
  anyOf: [
    { type: 'array', items: ORGANIZATION },
    {
      type: 'object',
      additionalProperties: false,
      required: ['organizations', 'start', 'limit', 'total'],
      properties: { organizations: { type: 'array', items: ORGANIZATION }, start: { type: 'number' }, limit: { type: 'number' }, total: { type: 'number' } },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['organizations'],
      properties: { organizations: { type: 'array', items: ORGANIZATION }, next: { type: 'string', minLength: 1 } },
    },
  ],
}

/**
 * Organization clients and role members (behaviour-2026.md §4, §5): in none of Auth0's documents; the
 * shapes are the Node SDK 7.1 types (OrganizationClient, RoleMember) with the recorded bodies (contract
 * notes §4.3, §5.2). Like Auth0's own, these items allow no other key.
 */
const ORGANIZATION_CLIENT: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['client_id', 'use_for_member_access', 'client'],
  properties: {
    client_id: { type: 'string', format: 'client-id' },
    use_for_member_access: { type: 'boolean' },
    client: {
      type: 'object',
      additionalProperties: false,
      properties: {
        name: { type: 'string' },
        app_type: { type: 'string' },
        logo_uri: { type: ['string', 'null'] },
        is_first_party: { type: 'boolean' },
        grant_types: { type: 'array', items: { type: 'string' } },
        organization_usage: { type: 'string', enum: ['deny', 'allow', 'require'] },
      },
    },
  },
}

const ROLE_MEMBER: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: { user_id: { type: 'string' }, picture: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' } },
}

/** Auth0's newer checkpoint lists: `{<key>, next?}` and nothing else. */
const checkpointList = (key: string, item: Schema): Schema => ({
  type: 'object',
  additionalProperties: false,
  required: [key],
  properties: { [key]: { type: 'array', items: item }, next: { type: 'string', minLength: 1 } },
})

export const LOCAL_CONTRACT = {
  openapi: '3.1.0',
  info: { title: 'edge-orgs: paths outside the Auth0 documents we have', version: '1' },
  paths: {
    // Auth0 serves it (GET /api/v2/tenants/settings); our copy of its document does not include it.
    '/tenants/settings': {
      get: { operationId: 'local_get_tenant_settings', responses: { 200: json(TENANT_SETTINGS), 401: error, 403: error } },
      patch: { operationId: 'local_patch_tenant_settings', responses: { 200: json(TENANT_SETTINGS), 400: error, 401: error, 403: error } },
    },
    // Auth0 serves it (behaviour.md §4.3, recorded offset and checkpoint bodies); not in our copy of its document.
    '/client-grants/{id}/organizations': {
      get: {
        operationId: 'local_get_client_grant_organizations',
        responses: { 200: json(ORGANIZATION_LIST), 400: error, 401: error, 403: error, 404: error },
      },
    },
    // Auth0 serves it (GET /api/v2/users-by-email, the Management API's email lookup); our copies of its document leave it out.
    '/users-by-email': {
      get: {
        operationId: 'local_get_users_by_email',
        responses: { 200: json({ type: 'array', items: { $ref: 'tenant#/components/schemas/GetUserResponseContent' } }), 400: error, 401: error, 403: error },
      },
    },
    '/organizations/{id}/clients': {
      get: { operationId: 'local_get_organization_clients', responses: { 200: json(checkpointList('clients', ORGANIZATION_CLIENT)), 400: error, 401: error, 403: error, 404: error } },
      // 201 with a bare array of the new associations (recorded, contract notes §4.3).
      post: {
        operationId: 'local_post_organization_clients',
        responses: { 201: json({ type: 'array', items: ORGANIZATION_CLIENT }), 400: error, 401: error, 403: error, 404: error, 409: error },
      },
      delete: { operationId: 'local_delete_organization_clients', responses: { 204: error, 400: error, 401: error, 403: error, 404: error } },
    },
    '/organizations/{id}/clients/{client_id}': {
      get: { operationId: 'local_get_organization_client', responses: { 200: json(ORGANIZATION_CLIENT), 400: error, 401: error, 403: error, 404: error } },
      patch: { operationId: 'local_patch_organization_client', responses: { 200: json(ORGANIZATION_CLIENT), 400: error, 401: error, 403: error, 404: error } },
    },
    '/organizations/{id}/roles/{role_id}/members': {
      get: { operationId: 'local_get_organization_role_members', responses: { 200: json(checkpointList('members', ROLE_MEMBER)), 400: error, 401: error, 403: error, 404: error } },
    },
    // Ours, not Auth0's: where each named invitation's email stands (the console's invitations list).
    '/organizations/{id}/invitation-emails': {
      get: {
        operationId: 'local_get_invitation_emails',
        responses: {
          200: json({
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['invitation_id', 'state'],
              properties: { invitation_id: { type: 'string' }, state: { enum: ['none', 'queued', 'sending', 'sent', 'failed'] } },
            },
          }),
          400: error,
          401: error,
          403: error,
          404: error,
        },
      },
    },
    // Ours: the OpenAPI document of this Worker (linted separately, test/routes/openapi.test.ts).
    '/openapi.json': {
      get: {
        operationId: 'local_get_openapi',
        responses: { 200: json({ type: 'object', required: ['openapi', 'info', 'paths'], properties: { openapi: { const: '3.1.0' } } }) },
      },
    },
  },
  components: { schemas: { Auth0Error: ERROR_ENVELOPE } },
}
