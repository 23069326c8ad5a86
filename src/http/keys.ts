import { importJWK, type JWK } from 'jose'
import type { Env } from '../env'

export interface SigningKeys {
  kid: string
  privateKey: CryptoKey
  publicKey: CryptoKey
  publicJwk: JWK
}

let cached: { source: string; keys: Promise<SigningKeys> } | undefined

/** The RS256 key pair from the SIGNING_KEY secret (a private JWK), imported once per isolate. */
export function signingKeys(env: Env): Promise<SigningKeys> {
  if (cached?.source !== env.SIGNING_KEY) cached = { source: env.SIGNING_KEY, keys: importKeys(env.SIGNING_KEY) }
  return cached.keys
}

async function importKeys(source: string): Promise<SigningKeys> {
  const jwk = JSON.parse(source) as JWK
  const kid = jwk.kid ?? 'default'
  const publicJwk: JWK = { kty: jwk.kty, n: jwk.n, e: jwk.e, kid, alg: 'RS256', use: 'sig' }
  const [privateKey, publicKey] = await Promise.all([
    importJWK({ ...jwk, alg: 'RS256' }, 'RS256') as Promise<CryptoKey>,
    importJWK(publicJwk, 'RS256') as Promise<CryptoKey>,
  ])
  return { kid, privateKey, publicKey, publicJwk }
}
