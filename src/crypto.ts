/** Hashing for secrets at rest. Client secrets are high-entropy: one SHA-256 suffices. Passwords get PBKDF2. */
const encoder = new TextEncoder()

const toHex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('')

export async function sha256Hex(value: string): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', encoder.encode(value)))
}

/** Compares two strings in time independent of where they differ (hash both, then timingSafeEqual). */
export async function constantTimeEqual(a: string, b: string): Promise<boolean> {
  const [ha, hb] = await Promise.all([
    crypto.subtle.digest('SHA-256', encoder.encode(a)),
    crypto.subtle.digest('SHA-256', encoder.encode(b)),
  ])
  return crypto.subtle.timingSafeEqual(ha, hb)
}

const PBKDF2_ITERATIONS = 100_000 // the Workers runtime's maximum

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16))
  return `pbkdf2-sha256$${PBKDF2_ITERATIONS}$${toHex(salt.buffer)}$${await derive(password, salt, PBKDF2_ITERATIONS)}`
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iterations, saltHex, hash] = stored.split('$')
  if (scheme !== 'pbkdf2-sha256' || !iterations || !saltHex || !hash) return false
  const salt = new Uint8Array(saltHex.match(/../g)!.map((h) => parseInt(h, 16)))
  return constantTimeEqual(await derive(password, salt, Number(iterations)), hash)
}

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(password), 'PBKDF2', false, ['deriveBits'])
  return toHex(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256))
}

/**
 * The SHA-256 thumbprint (base64url) Auth0 answers in place of a token-encryption key's pem: of the
 * key's DER bytes when the pem's body is base64, else of the text as sent.
 */
export async function pemThumbprint(pem: string): Promise<string> {
  const body = pem.replace(/-----(BEGIN|END)[^-]*-----/g, '').replace(/\s+/g, '')
  let bytes: Uint8Array
  try {
    bytes = body ? Uint8Array.from(atob(body), (c) => c.charCodeAt(0)) : encoder.encode(pem)
  } catch {
    bytes = encoder.encode(pem)
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
  return btoa(String.fromCharCode(...digest)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
