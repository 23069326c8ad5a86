// Sign-in with client credentials. The token lives in memory only, for this tab: never in storage,
// cookies or the URL, and the client secret is not kept once the token is issued.
import { ApiFailure, networkFailure, reasonPhrase } from './api'

export interface Session {
  clientId: string
  token: string
  scopes: ReadonlySet<string>
  /** Epoch ms after which the server will refuse the token. */
  expiresAt: number
}

interface TokenAnswer {
  access_token: string
  scope?: string
  expires_in: number
}

/** OAuth 2 error bodies (RFC 6749 §5.2) differ from the Management API's. */
interface OAuthError {
  error: string
  error_description?: string
}

export async function signIn(clientId: string, clientSecret: string, doFetch: typeof fetch = (...a) => fetch(...a)): Promise<Session> {
  let res: Response
  try {
    res = await doFetch('/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      // No audience: the server issues tokens for its own Management API.
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
      credentials: 'omit',
      cache: 'no-store',
    })
  } catch (err) {
    throw networkFailure(err)
  }
  const body = (await res.json().catch(() => undefined)) as Partial<TokenAnswer & OAuthError> | undefined
  if (!res.ok || !body?.access_token || typeof body.expires_in !== 'number') {
    const message = body?.error_description ?? body?.error ?? `The server answered ${res.status} without a token.`
    throw new ApiFailure('oauth', message, res.status, reasonPhrase(res.status), body?.error)
  }
  return {
    clientId,
    token: body.access_token,
    scopes: new Set((body.scope ?? '').split(' ').filter(Boolean)),
    // A little early, so a request is not sent with a token that expires on the way.
    expiresAt: Date.now() + Math.max(0, body.expires_in - 30) * 1000,
  }
}

/** Whether the session holds any one of the scopes (Auth0 lets a request in with any one listed). */
export function hasAny(session: Session | null, scopes: readonly string[]): boolean {
  return !!session && scopes.some((s) => session.scopes.has(s))
}
