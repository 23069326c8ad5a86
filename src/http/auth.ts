import type { IRequest } from 'itty-router'
import { errors, jwtVerify } from 'jose'
import type { Env } from '../env'
import { ApiError } from '../errors'
import { signingKeys } from './keys'
import type { Scope } from './scopes'

export interface Token {
  sub: string
  scopes: Set<string>
}

export type AuthedRequest = IRequest & { token?: Token }

interface Verified {
  token: Token
  /** Seconds since the epoch: the token's exp, and its nbf (0 when absent). */
  exp: number
  nbf: number
  /** What it was verified against: a rotated key or new issuer/audience invalidate it. */
  key: string
  iss: string
  aud: string
}

/**
 * Tokens already verified by this isolate, keyed by their exact text: a client sends the same token
 * for hours, and an RS256 verification per request is the largest fixed cost of a cheap read. Only
 * tokens that passed every check are kept; exp and nbf are checked again on every use.
 */
const verified = new Map<string, Verified>()
const MAX_VERIFIED = 1000

/** Verifies the Bearer token (RS256, our key, issuer, audience, exp/nbf) and returns its claims. */
export async function authenticate(req: Request, env: Env): Promise<Token> {
  const header = req.headers.get('authorization')
  if (!header) throw new ApiError('unauthorized', 'Missing authentication')
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  if (!match) throw invalid('Invalid token')
  const jwt = match[1]!
  const now = Math.floor(Date.now() / 1000)
  const known = verified.get(jwt)
  const current = known && known.key === env.SIGNING_KEY && known.iss === env.TOKEN_ISSUER && known.aud === env.API_AUDIENCE
  if (current && now < known.exp && now >= known.nbf) return known.token
  if (known) verified.delete(jwt)
  const { publicKey } = await signingKeys(env)
  try {
    const { payload } = await jwtVerify(jwt, publicKey, {
      algorithms: ['RS256'],
      issuer: env.TOKEN_ISSUER,
      audience: env.API_AUDIENCE,
      requiredClaims: ['exp'],
    })
    const scope = typeof payload.scope === 'string' ? payload.scope : ''
    const token = { sub: String(payload.sub ?? ''), scopes: new Set(scope.split(' ').filter(Boolean)) }
    if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value!)
    verified.set(jwt, { token, exp: payload.exp!, nbf: payload.nbf ?? 0, key: env.SIGNING_KEY, iss: env.TOKEN_ISSUER, aud: env.API_AUDIENCE })
    return token
  } catch (err) {
    throw tokenError(err)
  }
}

function tokenError(err: unknown): ApiError {
  if (err instanceof errors.JWTExpired) return invalid('Expired token received for JSON Web Token validation')
  if (err instanceof errors.JWSSignatureVerificationFailed) {
    return invalid('Invalid signature received for JSON Web Token validation')
  }
  if (err instanceof errors.JWTClaimValidationFailed && err.claim === 'aud') {
    return invalid(`Bad audience: ${String(err.payload.aud ?? '')}`)
  }
  return invalid('Invalid token')
}

function invalid(message: string): ApiError {
  return new ApiError('unauthorized', message, { attributes: { error: message } })
}

/** Authenticates the request (once: the token is kept on it) and demands any one of `scopes`. */
export async function authorize(req: AuthedRequest, env: Env, scopes: readonly Scope[]): Promise<Token> {
  const token = req.token ?? (req.token = await authenticate(req, env))
  demandScope(token, ...scopes)
  return token
}

/** For checks that depend on the request (e.g. `fields=roles` on members): throws 403 unless one is held. */
export function demandScope(token: Token | undefined, ...scopes: Scope[]): void {
  if (!scopes.some((s) => token?.scopes.has(s))) {
    throw new ApiError('insufficient_scope', `Insufficient scope, expected any of: ${scopes.join(',')}`)
  }
}
