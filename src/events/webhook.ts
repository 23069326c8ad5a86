import type { AuthMethod } from '../schemas/event-stream'

/**
 * Webhook endpoints and the POST of an event to one. In production an endpoint must be https on a
 * public host: the Worker must not be made to call into private networks (SSRF). Under `npm run dev`
 * (WEBHOOK_LOCAL_HTTP=true, passed by scripts/dev.mjs; "false" in wrangler.toml) http and https
 * to 127.0.0.1 and localhost are allowed too, so a receiver on this machine can be used.
 */

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** Why `endpoint` may not be a webhook endpoint here, or null when it may. */
export function endpointProblem(endpoint: string, allowLocal: boolean): string | null {
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    return 'not an absolute URL'
  }
  const host = url.hostname.toLowerCase()
  if (allowLocal && LOCAL_HOSTS.has(host) && (url.protocol === 'http:' || url.protocol === 'https:')) return null
  if (url.protocol !== 'https:') return 'must be https'
  if (url.username || url.password) return 'must not carry credentials (use webhook_authorization)'
  if (isPrivateHost(host)) return 'must be a public host'
  return null
}

/** Hosts that name this machine or a private network: loopback, link-local, private and reserved ranges. */
function isPrivateHost(host: string): boolean {
  if (host === 'localhost' || /\.(localhost|local|internal|lan|home\.arpa)$/.test(host)) return true
  if (!host.includes('.') && !host.startsWith('[')) return true // a bare name only resolves inside some network
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host)
  if (v4) return isPrivateV4(v4.slice(1).map(Number))
  if (host.startsWith('[')) return isPrivateV6(host.slice(1, -1))
  return false
}

function isPrivateV4([a = 0, b = 0]: number[]): boolean {
  return (
    a === 0 || a === 10 || a === 127 || a >= 224 || // this network, private, loopback, multicast and reserved
    (a === 100 && b >= 64 && b < 128) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local (cloud metadata services)
    (a === 172 && b >= 16 && b < 32) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) ||
    (a === 198 && (b === 18 || b === 19))
  )
}

function isPrivateV6(address: string): boolean {
  const a = address.toLowerCase()
  if (a === '::' || a === '::1') return true
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a)
  if (mapped) return isPrivateV4(mapped[1]!.split('.').map(Number))
  if (/^::ffff:/.test(a)) return true // a mapped IPv4 address in hex form: refuse rather than decode
  return /^(fc|fd|fe8|fe9|fea|feb|ff)/.test(a)
}

export interface WebhookAuth {
  method: AuthMethod
  username?: string
  header_key?: string
}

/** The header that carries the stream's authorization. */
export function authHeader(auth: WebhookAuth, secret: string): [string, string] {
  switch (auth.method) {
    case 'basic':
      return ['authorization', `Basic ${base64(`${auth.username}:${secret}`)}`]
    case 'bearer':
      return ['authorization', `Bearer ${secret}`]
    case 'custom_header':
      return [auth.header_key!, secret]
  }
}

const base64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)))

export type PostResult = { ok: true } | { ok: false; error: string; unresponsive: boolean }

/**
 * POSTs one CloudEvent. Any 2xx is a delivery; anything else, a redirect included (it is not
 * followed: it could point anywhere), is a failure with its reason. `unresponsive`: no answer at all
 * (timeout, connection refused), which makes the delivery job stop sending to this endpoint for now.
 */
export async function postEvent(
  endpoint: string,
  header: [string, string],
  body: string,
  timeoutMs: number,
  fetcher: typeof fetch = fetch,
): Promise<PostResult> {
  try {
    const res = await fetcher(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'edge-orgs-events/1', [header[0]]: header[1] },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    })
    await res.body?.cancel()
    if (res.status >= 200 && res.status < 300) return { ok: true }
    return { ok: false, error: `The endpoint answered HTTP ${res.status}`, unresponsive: false }
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')
    const error = timedOut ? `No answer within ${timeoutMs} ms` : `Could not reach the endpoint: ${err instanceof Error ? err.message : String(err)}`
    return { ok: false, error, unresponsive: true }
  }
}
