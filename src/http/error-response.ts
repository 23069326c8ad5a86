import { ApiError, type ErrorCode } from '../errors'

/** HTTP reason phrases: the `error` of Auth0's body. */
export const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Request Entity Too Large',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
}

/**
 * Status per code, and whether Auth0's body carries `errorCode`. Org/connection 404s and 401s
 * are recorded without it. `as` is the errorCode Auth0 sends when it differs from ours (one wire
 * code, two statuses).
 */
const CODES: Record<ErrorCode, { status: number; errorCode: boolean; as?: string }> = {
  invalid_body: { status: 400, errorCode: true },
  invalid_query_string: { status: 400, errorCode: true },
  invalid_uri: { status: 400, errorCode: true },
  invalid_paging: { status: 400, errorCode: true },
  payload_too_large: { status: 413, errorCode: false },
  unauthorized: { status: 401, errorCode: false },
  insufficient_scope: { status: 403, errorCode: true },
  not_found: { status: 404, errorCode: false },
  route_not_found: { status: 404, errorCode: false },
  inexistent_user: { status: 404, errorCode: true },
  inexistent_role: { status: 404, errorCode: true },
  inexistent_connection: { status: 404, errorCode: true },
  inexistent_client: { status: 404, errorCode: true },
  inexistent_client_grant: { status: 404, errorCode: true },
  inexistent_invitation: { status: 404, errorCode: true },
  inexistent_resource_server: { status: 404, errorCode: true },
  inexistent_event_stream: { status: 404, errorCode: true },
  inexistent_event: { status: 404, errorCode: true },
  cursor_expired: { status: 410, errorCode: true },
  conflict: { status: 409, errorCode: false },
  organization_conflict: { status: 409, errorCode: true },
  connection_conflict: { status: 409, errorCode: true },
  user_conflict: { status: 409, errorCode: true, as: 'auth0_idp_error' },
  unknown_connection: { status: 400, errorCode: true, as: 'inexistent_connection' },
  method_not_allowed: { status: 405, errorCode: false },
  operation_not_supported: { status: 400, errorCode: true },
  // Ours (Auth0 has no idempotency keys or conditional requests), in Auth0's envelope.
  invalid_idempotency_key: { status: 400, errorCode: true },
  idempotency_key_reused: { status: 422, errorCode: true },
  idempotency_in_progress: { status: 409, errorCode: true },
  precondition_failed: { status: 412, errorCode: true },
  invalid_precondition: { status: 400, errorCode: true },
  internal: { status: 500, errorCode: false },
}

export function errorBody(err: ApiError): { status: number; body: Record<string, unknown> } {
  const { status, errorCode, as } = CODES[err.code]
  const body: Record<string, unknown> = { statusCode: status, error: REASONS[status], message: err.message }
  if (errorCode) body.errorCode = as ?? err.code
  return { status, body: { ...body, ...err.extra } }
}

export function errorResponse(err: unknown): Response {
  if (!(err instanceof ApiError)) {
    console.error(JSON.stringify({ level: 'error', msg: 'unhandled', error: String(err), stack: (err as Error)?.stack }))
    err = new ApiError('internal', 'Internal Server Error')
  }
  const { status, body } = errorBody(err as ApiError)
  const headers = { 'content-type': 'application/json; charset=utf-8' }
  if (status === 401) Object.assign(headers, { 'www-authenticate': 'Bearer' })
  return new Response(JSON.stringify(body), { status, headers })
}
