// Runs in Node when vitest loads its config: a fresh RS256 key and bootstrap client per test run.
import { generateKeyPairSync, randomBytes } from 'node:crypto'

export async function testSecrets() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256' }
  return {
    SIGNING_KEY: JSON.stringify(jwk),
    BOOTSTRAP_CLIENT_ID: randomBytes(16).toString('hex'),
    BOOTSTRAP_CLIENT_SECRET: randomBytes(32).toString('base64url'),
  }
}
