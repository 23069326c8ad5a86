/** Machine codes for every failure the API reports; http/error-response.ts maps them to Auth0's status and body. */
export type ErrorCode =
  | 'invalid_body'
  | 'invalid_query_string'
  | 'invalid_uri'
  | 'invalid_paging'
  | 'payload_too_large'
  | 'unauthorized'
  | 'insufficient_scope'
  | 'not_found'
  | 'route_not_found'
  | 'inexistent_user'
  | 'inexistent_role'
  | 'inexistent_connection'
  | 'inexistent_client'
  | 'inexistent_client_grant'
  | 'inexistent_invitation'
  | 'inexistent_resource_server'
  | 'inexistent_event_stream'
  | 'inexistent_event'
  | 'cursor_expired'
  | 'conflict'
  | 'organization_conflict'
  | 'connection_conflict'
  | 'user_conflict'
  | 'unknown_connection'
  | 'method_not_allowed'
  | 'operation_not_supported'
  | 'invalid_idempotency_key'
  | 'idempotency_key_reused'
  | 'idempotency_in_progress'
  | 'precondition_failed'
  | 'invalid_precondition'
  | 'internal'

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra keys of Auth0's body for this error (e.g. 401 `attributes`). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** For expressions: `(await find(...)) ?? fail(notFound())`. */
export function fail(err: ApiError): never {
  throw err
}
