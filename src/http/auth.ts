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

/** Verifies the Bearer token (RS256, our key, issuer, audience, exp/nbf) and returns its claims. */
export async function authenticate(req: Request, env: Env): Promise<Token> {
  const header = req.headers.get('authorization')
  if (!header) throw new ApiError('unauthorized', 'Missing authentication')
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  if (!match) throw invalid('Invalid token')
  const { publicKey } = await signingKeys(env)
  try {
    const { payload } = await jwtVerify(match[1]!, publicKey, {
      algorithms: ['RS256'],
      issuer: env.TOKEN_ISSUER,
      audience: env.API_AUDIENCE,
    })
    const scope = typeof payload.scope === 'string' ? payload.scope : ''
    return { sub: String(payload.sub ?? ''), scopes: new Set(scope.split(' ').filter(Boolean)) }
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

/**
 * Route middleware: authenticates and demands any one of `scopes`. The scopes ride on the middleware
 * so the OpenAPI document reads them from the routes themselves (src/openapi/served.ts).
 */
export function requireScope(...scopes: Scope[]) {
  const guard = async (req: AuthedRequest, env: Env) => {
    const token = req.token ?? (req.token = await authenticate(req, env))
    if (!scopes.some((s) => token.scopes.has(s))) {
      throw new ApiError('insufficient_scope', `Insufficient scope, expected any of: ${scopes.join(',')}`)
    }
  }
  return Object.assign(guard, { scopes: scopes as readonly Scope[] })
}

/** For checks that depend on the request (e.g. `fields=roles` on members): throws 403 unless held. */
export function demandScope(req: AuthedRequest, ...scopes: Scope[]): void {
  if (!scopes.some((s) => req.token?.scopes.has(s))) {
    throw new ApiError('insufficient_scope', `Insufficient scope, expected any of: ${scopes.join(',')}`)
  }
}
