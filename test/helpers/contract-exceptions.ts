/**
 * Where recorded Auth0 behaviour (shared/contract/behaviour.md) differs from Auth0's published
 * OpenAPI documents, each difference once, with its evidence. config/contract.ts applies them to the
 * documents before compiling the contract checker, and refuses an exception that no longer matches
 * the documents (an operation or status that is not there, a status that became documented, a
 * component another operation also answers with). An exception records Auth0's behaviour; it is never
 * a way to accept a response of ours that Auth0 would not send.
 */
type Schema = Record<string, unknown>

export interface ContractException {
  /** `METHOD /template` as in Auth0's document; several when one recorded rule covers them. `*`: every operation. */
  operations: string | string[]
  status: number
  /** behaviour.md's tags: REC recorded traffic, SPEC the document's own text, DOC/SDK Auth0's docs or SDKs, INF inferred. */
  evidence: 'REC' | 'SPEC' | 'DOC' | 'SDK' | 'INF'
  reason: string
  /** The wire answers `status` where the document says `sameAs`: validated with that status's schema. */
  sameAs?: number
  /** A status the document leaves out; error statuses are checked against Auth0's error envelope. */
  undocumented?: true
  /** A documented status whose body the document does not describe: checked against this schema. */
  body?: Schema
  /** A documented body that the wire (and the clients reading it) has in another shape: checked against this schema instead. */
  replacesBody?: Schema
  /** A change to a component that only this operation answers with. */
  component?: { name: string; addProperties?: Record<string, Schema>; removeProperties?: string[] }
  /** The response's list schema reads `anyOf` for `oneOf` (its branches overlap). */
  oneOfAsAnyOf?: true
}

/** 2026 role fields (contract notes §5.1): `type` on every role, `owner_id` on organization roles. */
const ROLE_FIELDS: Record<string, Schema> = {
  type: { type: 'string', enum: ['tenant', 'organization'] },
  owner_id: { type: 'string', format: 'organization-id' },
}

/**
 * The resource-server answer as recorded in 2026 (contract notes §7.2, §7.3): the token-encryption key
 * without its `pem`, with `thumbprint_sha256`; and `allow_online_access_with_ephemeral_sessions`.
 */
const RESOURCE_SERVER_FIELDS: Record<string, Schema> = {
  allow_online_access_with_ephemeral_sessions: { type: 'boolean' },
  token_encryption: {
    type: 'object',
    additionalProperties: false,
    required: ['format', 'encryption_key'],
    properties: {
      format: { enum: ['compact-nested-jwe'] },
      encryption_key: {
        type: 'object',
        additionalProperties: false,
        required: ['alg'],
        properties: {
          name: { type: 'string' },
          alg: { enum: ['RSA-OAEP-256', 'RSA-OAEP-384', 'RSA-OAEP-512'] },
          kid: { type: 'string' },
          thumbprint_sha256: { type: 'string' },
        },
      },
    },
  },
}

const resourceServerAnswer = (operations: string, status: number, name: string): ContractException => ({
  operations,
  status,
  evidence: 'REC',
  component: { name, removeProperties: ['token_encryption'], addProperties: RESOURCE_SERVER_FIELDS },
  reason:
    'Recorded answers carry `token_encryption.encryption_key` without `pem` and with `thumbprint_sha256` (TestAccResourceServer 2026-02), and `allow_online_access_with_ephemeral_sessions` (TestAccResourceServerOnlineAccess 2026-06); the document requires `pem` and has neither.',
})

export const CONTRACT_EXCEPTIONS: ContractException[] = [
  {
    operations: 'POST /organizations/{id}/invitations',
    status: 201,
    evidence: 'REC',
    sameAs: 200,
    reason: 'Recorded 201 Created (behaviour.md §6.1, §11); the document says 200.',
  },
  {
    operations: 'POST /organizations/{id}/client-grants',
    status: 201,
    evidence: 'REC',
    component: {
      name: 'AssociateOrganizationClientGrantResponseContent',
      removeProperties: ['id'],
      addProperties: { grant_id: { type: 'string', format: 'client-grant-id' } },
    },
    reason: 'The association answer carries `grant_id`, not `id` (recorded 2023 and 2026, behaviour.md §4.1, §11).',
  },
  {
    operations: 'GET /organizations/{id}/client-grants',
    status: 200,
    evidence: 'REC',
    component: { name: 'OrganizationClientGrant', addProperties: { subject_type: { type: 'string', enum: ['client', 'user'] } } },
    reason: 'List items carry `subject_type` though the item schema omits it (recorded 2026, behaviour.md §4.2, §12.13).',
  },
  {
    operations: ['GET /organizations', 'GET /organizations/{id}/members', 'GET /connections', 'GET /client-grants', 'GET /clients'],
    status: 200,
    evidence: 'REC',
    oneOfAsAnyOf: true,
    reason:
      'A last checkpoint page has no `next`: `{organizations}` (recorded, behaviour.md §1.5), `{members}`, `{connections}`, `{client_grants}`, `{clients}`. The offset wrapper branch has every key optional and no other key, so such a page matches both branches and the document\'s `oneOf` refuses its own checkpoint body.',
  },
  {
    operations: 'DELETE /connections/{id}',
    status: 202,
    evidence: 'REC',
    body: { type: 'object', required: ['deleted_at'], additionalProperties: false, properties: { deleted_at: { type: 'string', format: 'date-time' } } },
    reason: 'The document lists 202 without a body; recorded `{"deleted_at":"2024-04-25T10:02:42.108Z"}` (go-auth0 TestConnectionManager_Delete).',
  },
  {
    operations: 'DELETE /roles/{id}',
    status: 200,
    evidence: 'REC',
    body: { type: 'object', maxProperties: 0 },
    reason: 'The document lists 200 without a body; recorded `{}` (go-auth0 TestRoleManager_Create).',
  },
  {
    operations: '*',
    status: 413,
    evidence: 'DOC',
    undocumented: true,
    reason: 'Auth0 documents a 1 MB payload limit for every endpoint (behaviour.md §1.1) but no status for it on any operation.',
  },
  {
    operations: [
      'GET /organizations/{id}',
      'PATCH /organizations/{id}',
      'GET /organizations/name/{name}',
      'GET /organizations/{id}/members',
      'POST /organizations/{id}/members',
      'DELETE /organizations/{id}/members',
      'GET /organizations/{id}/members/{user_id}/roles',
      'POST /organizations/{id}/members/{user_id}/roles',
      'DELETE /organizations/{id}/members/{user_id}/roles',
      'GET /organizations/{id}/enabled_connections',
      'POST /organizations/{id}/enabled_connections',
      'GET /organizations/{id}/enabled_connections/{connectionId}',
      'PATCH /organizations/{id}/enabled_connections/{connectionId}',
      'DELETE /organizations/{id}/enabled_connections/{connectionId}',
      'GET /organizations/{id}/client-grants',
    ],
    status: 404,
    evidence: 'REC',
    undocumented: true,
    reason:
      'An unknown organization is a 404 (`No organization found by that id or name`, recorded on GET and DELETE /organizations/{id}, behaviour.md §3.3, §3.6; the document\'s own texts name the 404 for members, member roles and name lookups, §3.4, §7.2, §8.1), and a connection the organization has not enabled is `No connection found by that id` (recorded, §5.3); these response lists omit 404.',
  },
  {
    operations: [
      'GET /organizations/{id}/connections',
      'POST /organizations/{id}/connections',
      'PATCH /organizations/{id}/connections/{connection_id}',
      'DELETE /organizations/{id}/connections/{connection_id}',
    ],
    status: 404,
    evidence: 'INF',
    undocumented: true,
    reason:
      "The 2026 organization connections API: an unknown organization answers the org 404 every `/organizations/{id}/...` route answers (recorded on its sibling enabled_connections, behaviour.md §5), a PATCH of a connection not associated the GET's documented `The organization connection does not exists.`, and POST an unknown connection_id the tenant connection 404; these response lists omit 404 (behaviour-2026.md §2, contract notes §2.7).",
  },
  {
    operations: 'PATCH /organizations/{id}/discovery-domains/{discovery_domain_id}',
    status: 409,
    evidence: 'INF',
    undocumented: true,
    reason:
      "Verifying a discovery domain that another organization already holds verified for discovery: POST documents 409 for it; PATCH can make the same claim and must refuse it the same way (behaviour-2026.md §3 [DEC]).",
  },
  {
    operations: 'PATCH /organizations/{id}/discovery-domains/{discovery_domain_id}',
    status: 401,
    evidence: 'SPEC',
    undocumented: true,
    reason: 'Every other operation of the document lists 401 and 403 for a missing token or scope; this one omits both, though it names its scope (update:organization_discovery_domains).',
  },
  {
    operations: 'PATCH /organizations/{id}/discovery-domains/{discovery_domain_id}',
    status: 403,
    evidence: 'SPEC',
    undocumented: true,
    reason: 'As for 401: the scope it names can only be enforced with a 403.',
  },
  {
    operations: ['POST /organizations/{id}/enabled_connections', 'PATCH /organizations/{id}', 'PATCH /users/{id}'],
    status: 409,
    evidence: 'SDK',
    undocumented: true,
    reason:
      'Conflicts the response lists omit: enabling a connection twice (the SDK declares ConflictError, behaviour.md §5.1), renaming an organization onto a taken name (the create 409 rule, §3.5, §13), and updating a user onto an existing email (Auth0 answers 409 `auth0_idp_error`).',
  },
  {
    operations: [
      'GET /organizations/{id}/enabled_connections/{connectionId}',
      'GET /client-grants',
      'GET /users/{id}/organizations',
      'DELETE /organizations/{id}/invitations/{invitation_id}',
      'GET /organizations/{id}/connections/{connection_id}',
      'DELETE /organizations/{id}/connections/{connection_id}',
    ],
    status: 400,
    evidence: 'SPEC',
    undocumented: true,
    reason:
      'The document\'s own parameter limits (maxLength 50 on the path parameters of the enabled connection and the organization connection, and on the organization id of the invitation delete; per_page and take 1..100 on GET /client-grants; page 0..1000 and per_page 1..100 on a user\'s organizations) can only be enforced with a 400 (`invalid_uri`, `invalid_query_string`, `invalid_paging`), yet these operations list no 400.',
  },
  {
    operations: 'PATCH /roles/{id}',
    status: 409,
    evidence: 'INF',
    undocumented: true,
    reason: 'Renaming a role onto a taken name: the create\'s recorded 409 (`Role name already exists`, go-auth0 TestRoleManager_Create), which the update\'s response list omits.',
  },
  {
    operations: 'PATCH /roles/{id}',
    status: 404,
    evidence: 'INF',
    undocumented: true,
    reason:
      'Updating an unknown role: the document lists 404 for GET of the same path (`inexistent_role`, "The role does not exist.") but not for PATCH; we answer GET\'s 404 rather than pretend an update happened.',
  },
  ...(
    [
      ['POST /roles', 200, 'CreateRoleResponseContent'],
      ['GET /roles/{id}', 200, 'GetRoleResponseContent'],
      ['PATCH /roles/{id}', 200, 'UpdateRoleResponseContent'],
      ['GET /roles', 200, 'Role'],
    ] as const
  ).map(([operations, status, name]): ContractException => ({
    operations,
    status,
    evidence: 'REC',
    component: { name, addProperties: ROLE_FIELDS },
    reason: 'Roles carry `type` (always) and `owner_id` (organization roles) since 2026 (TestAccRoleOrganizationLevel, TestAccRoleTypeAndOwnerIDAreCreateOnly, 2026-08; contract notes §5.1).',
  })),
  {
    operations: 'GET /organizations/{id}/members/{user_id}/roles',
    status: 200,
    evidence: 'SDK',
    component: { name: 'Role', addProperties: ROLE_FIELDS },
    reason: "Member-role items are the SDK's `Role` (node-auth0 7.1 ListOrganizationMemberRolesOffsetPaginatedResponseContent), with `type` and `owner_id` as on every 2026 role.",
  },
  {
    operations: 'POST /roles/{id}/permissions',
    status: 201,
    evidence: 'REC',
    body: { type: 'object', maxProperties: 0 },
    reason: 'The document lists 201 without a body; recorded `{}` (TestAccRolePermissions 2024-10, go-auth0 TestRoleManager_Permissions).',
  },
  {
    operations: 'DELETE /roles/{id}/permissions',
    status: 204,
    evidence: 'REC',
    undocumented: true,
    reason: 'Recorded 204 with no body (TestAccRolePermissions 2024-10, go-auth0 TestRoleManager_Permissions 2023); the document says 200.',
  },
  {
    operations: ['POST /roles/{id}/permissions', 'DELETE /roles/{id}/permissions'],
    status: 404,
    evidence: 'INF',
    undocumented: true,
    reason: "An unknown role: the role 404 (`The role does not exist.`) its sibling GET documents; these response lists omit 404.",
  },
  {
    operations: 'POST /roles/{id}/users',
    status: 200,
    evidence: 'REC',
    body: { type: 'object', maxProperties: 0 },
    reason: 'The document lists 200 without a body; recorded `{}` (go-auth0 TestRoleManager_Users 2023).',
  },
  {
    operations: 'GET /roles/{id}/users',
    status: 200,
    evidence: 'REC',
    oneOfAsAnyOf: true,
    reason: 'A last checkpoint page `{users}` (recorded, go-auth0 TestRoleManager_UsersCheckpointPagination) also reads as an offset wrapper, whose keys are all optional: the `oneOf` refuses its own checkpoint body.',
  },
  resourceServerAnswer('POST /resource-servers', 201, 'CreateResourceServerResponseContent'),
  resourceServerAnswer('GET /resource-servers/{id}', 200, 'GetResourceServerResponseContent'),
  resourceServerAnswer('PATCH /resource-servers/{id}', 201, 'UpdateResourceServerResponseContent'),
  resourceServerAnswer('GET /resource-servers', 200, 'ResourceServer'),
  // After the answer's component is patched: the 200 borrows the 201's (patched) schema.
  {
    operations: 'PATCH /resource-servers/{id}',
    status: 200,
    evidence: 'REC',
    sameAs: 201,
    reason: 'Recorded 200 (TestAccResourceServer 2026-02, every Terraform scope resource); the document says 201.',
  },
  {
    operations: 'PATCH /resource-servers/{id}',
    status: 404,
    evidence: 'INF',
    undocumented: true,
    reason: "Updating an unknown resource server: the recorded GET 404 (`The resource server does not exist`, `inexistent_resource_server`); the response list omits 404.",
  },
  {
    operations: 'GET /event-streams/{id}/deliveries',
    status: 200,
    evidence: 'SDK',
    replacesBody: {
      type: 'object',
      additionalProperties: false,
      required: ['deliveries'],
      properties: { deliveries: { type: 'array', items: { $ref: '#/components/schemas/EventStreamDelivery' } }, next: { type: 'string', minLength: 1 } },
    },
    reason:
      'The document says a bare array, which cannot carry the checkpoint its own `from`/`take` parameters page with; the official Node SDK v7 (ListEventStreamDeliveriesResponseContent) reads `{deliveries, next}` and pages with `next`, and reads a bare array as no deliveries at all (behaviour-2026.md §8: "filters; checkpoint").',
  },
  {
    operations: 'POST /event-streams/{id}/test',
    status: 202,
    evidence: 'INF',
    component: {
      name: 'CreateEventStreamTestEventResponseContent',
      removeProperties: ['status'],
      addProperties: { status: { type: 'string', enum: ['failed', 'pending'] } },
    },
    reason:
      'A 202 answers before the test event is sent, so its delivery has no outcome yet: `pending`. The document reuses the delivery status enum, whose only value `failed` is that of the failed-deliveries list.',
  },
  {
    operations: ['PATCH /event-streams/{id}', 'POST /event-streams/{id}/test'],
    status: 404,
    evidence: 'INF',
    undocumented: true,
    reason: 'An unknown event stream: GET /event-streams/{id} documents the 404; these response lists omit it.',
  },
  {
    operations: ['POST /event-streams/{id}/test', 'POST /event-streams/{id}/redeliver'],
    status: 400,
    evidence: 'SPEC',
    undocumented: true,
    reason: "The document's own body schemas (an event type of its enum, whole-second date-times) can only be enforced with a 400 (`invalid_body`), yet these operations list no 400.",
  },
]
