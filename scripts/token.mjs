// `npm run -s token [-- <scope> ...]`: prints a Management API access token for the local tenant,
// signed with .dev.vars' SIGNING_KEY (created if missing). Works whether or not the server runs.
// With no arguments the token carries every scope; otherwise only the scopes given.
import { SignJWT, importJWK } from 'jose'
import { ensureDevVars, managementScopes, tokenSettings } from './lib/dev-vars.mjs'

const LIFETIME = '24h'

try {
  // Anything but the token goes to stderr, so `$(npm run -s token)` captures the token alone.
  const vars = ensureDevVars({ log: (line) => console.error(line) })
  const { issuer, audience } = tokenSettings(vars)
  const known = managementScopes()
  const asked = process.argv.slice(2).flatMap((a) => a.split(/[\s,]+/)).filter(Boolean)
  const unknown = asked.filter((s) => !known.includes(s))
  if (unknown.length) throw new Error(`unknown scope(s): ${unknown.join(', ')}`)
  const scopes = asked.length ? asked : known

  let jwk
  try {
    jwk = JSON.parse(vars.SIGNING_KEY)
  } catch {
    throw new Error('SIGNING_KEY in .dev.vars is not a JWK JSON string')
  }
  const key = await importJWK({ ...jwk, alg: 'RS256' }, 'RS256')
  const clientId = vars.BOOTSTRAP_CLIENT_ID
  const token = await new SignJWT({ scope: scopes.join(' '), gty: 'client-credentials', azp: clientId })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: jwk.kid ?? 'default' })
    .setIssuer(issuer)
    .setSubject(`${clientId}@clients`)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(LIFETIME)
    .sign(key)
  process.stdout.write(`${token}\n`)
} catch (err) {
  console.error(`token: ${err instanceof Error ? err.message : err}`)
  process.exit(1)
}
