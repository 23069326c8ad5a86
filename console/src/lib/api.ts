// The console's only way to the server: same-origin requests to /api/v2 with the tab's token.
// Every failure becomes an ApiFailure carrying what Auth0's body said, so pages can show it as is.

/** Auth0's error body: `{statusCode, error, message, errorCode?}`. */
export interface Auth0Error {
  statusCode: number
  error: string
  message: string
  errorCode?: string
}

/** `http`: the Management API answered an error; `oauth`: the token endpoint refused to sign in. */
export type FailureKind = 'http' | 'oauth' | 'network' | 'expired'

/** A request that did not succeed: an Auth0 error answer, no answer at all, or a session that ended. */
export class ApiFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly status?: number,
    readonly reason?: string,
    readonly errorCode?: string,
  ) {
    super(message)
  }

  /** One line for the page: `403 Forbidden: Insufficient scope, … (insufficient_scope)`. */
  get summary(): string {
    if (this.kind !== 'http' && this.kind !== 'oauth') return this.message
    const head = [this.status, this.reason].filter(Boolean).join(' ')
    return `${head ? `${head}: ` : ''}${this.message}${this.errorCode ? ` (${this.errorCode})` : ''}`
  }

  /**
   * The body property a validation error names (Auth0: `… on property branding.colors.primary (…)`),
   * so a form can show the message beside that field.
   */
  get property(): string | undefined {
    return /\bon property ([\w.[\]]+)/.exec(this.message)?.[1]
  }
}

export type Query = Record<string, string | number | boolean | undefined>

export interface Api {
  get<T>(path: string, query?: Query): Promise<T>
  /** `key`: an Idempotency-Key, so a retry after a lost answer is answered from the first try. */
  post<T>(path: string, body?: unknown, key?: string): Promise<T>
  patch<T>(path: string, body: unknown): Promise<T>
  /** Some DELETEs carry a JSON body (members, member roles). */
  del(path: string, body?: unknown): Promise<void>
}

export interface ApiOptions {
  token: () => string | null
  /** Called when the server refuses the token (401) or it has run out; the session must be renewed. */
  onExpired: () => void
  fetch?: typeof fetch
}

export function createApi({ token, onExpired, fetch: doFetch = (...a) => fetch(...a) }: ApiOptions): Api {
  async function request<T>(method: string, path: string, query?: Query, body?: unknown, key?: string): Promise<T> {
    const bearer = token()
    if (!bearer) {
      onExpired()
      throw new ApiFailure('expired', 'Your session has ended: sign in again, then retry.')
    }
    const headers: Record<string, string> = { authorization: `Bearer ${bearer}`, accept: 'application/json' }
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (key) headers['idempotency-key'] = key
    let res: Response
    try {
      res = await doFetch(`/api/v2${path}${queryString(query)}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        // Same origin only; the token travels in the header, never in the URL.
        credentials: 'omit',
        cache: 'no-store',
      })
    } catch (err) {
      throw networkFailure(err)
    }
    if (res.status === 401) onExpired()
    return readResponse<T>(res)
  }
  return {
    get: (path, query) => request('GET', path, query),
    post: (path, body, key) => request('POST', path, undefined, body ?? {}, key),
    patch: (path, body) => request('PATCH', path, undefined, body),
    del: (path, body) => request('DELETE', path, undefined, body),
  }
}

export function networkFailure(err: unknown): ApiFailure {
  const detail = err instanceof Error ? err.message : String(err)
  return new ApiFailure(
    'network',
    `The server could not be reached (${detail}). The change may not have been made: check the connection, then reload or retry.`,
  )
}

/** Parses a success body (JSON or empty), or turns an error answer into an ApiFailure. */
export async function readResponse<T>(res: Response): Promise<T> {
  const text = await res.text().catch(() => '')
  let body: unknown = undefined
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    // Not JSON: only an error page from something between us and the Worker answers that way.
  }
  if (res.ok) return body as T
  if (isAuth0Error(body)) {
    return Promise.reject(new ApiFailure('http', body.message, body.statusCode, body.error, body.errorCode))
  }
  const reason = reasonPhrase(res.status)
  return Promise.reject(new ApiFailure('http', `Unexpected answer from the server${text ? `: ${text.slice(0, 200)}` : ''}`, res.status, reason))
}

/** HTTP/2 carries no reason phrase (statusText is empty there), so the usual ones are spelled out. */
const REASONS: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 413: 'Request Entity Too Large',
  429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable',
}
export const reasonPhrase = (status: number) => REASONS[status] ?? 'Error'

function isAuth0Error(body: unknown): body is Auth0Error {
  const b = body as Partial<Auth0Error> | undefined
  return typeof b?.statusCode === 'number' && typeof b.message === 'string'
}

function queryString(query: Query | undefined): string {
  if (!query) return ''
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value))
  const text = params.toString()
  return text ? `?${text}` : ''
}

/** Encodes one path segment: user ids hold `|`, names may hold anything. */
export const seg = (value: string) => encodeURIComponent(value)

/** Whether a failure is the given HTTP status (or any of them). */
export const isStatus = (err: unknown, ...statuses: number[]) =>
  err instanceof ApiFailure && err.kind === 'http' && statuses.includes(err.status ?? 0)
