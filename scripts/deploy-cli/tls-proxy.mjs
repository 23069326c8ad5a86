// A throwaway HTTPS front for the plain-http local server. auth0-deploy-cli (through the
// auth0 SDK) only ever calls https://<AUTH0_DOMAIN>/..., so it talks to this proxy instead,
// trusting its certificate through NODE_EXTRA_CA_CERTS, and every request it makes is recorded.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { createServer } from 'node:https'
import { join } from 'node:path'

/**
 * Writes a self-signed certificate for 127.0.0.1 (valid one day) into `dir` with openssl,
 * since Node's crypto can make keys but not X.509 certificates. Returns the PEM paths.
 */
export function makeCertificate(dir) {
  const key = join(dir, 'proxy-key.pem')
  const cert = join(dir, 'proxy-cert.pem')
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
        '-subj', '/CN=edge-orgs deploy-cli proxy', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout', key, '-out', cert],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    )
  } catch (err) {
    const why = err.code === 'ENOENT' ? 'openssl is not on PATH (Debian: apt-get install openssl)' : String(err.stderr ?? err.message).trim()
    throw new Error(`could not create the proxy certificate: ${why}`)
  }
  return { key, cert }
}

const BODY_LIMIT = 4096

/**
 * Starts the proxy on 127.0.0.1 (a free port) in front of `target` (an http origin).
 * Resolves to { port, requests, close }; `requests` fills with
 * { method, path, query, status, requestBody, responseBody } as they complete.
 */
export async function startTlsProxy({ target, key, cert }) {
  const origin = new URL(target)
  const requests = []
  const server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const url = new URL(req.url, origin)
      const record = { method: req.method, path: url.pathname, query: url.search.slice(1), status: 0, requestBody: text(body) }
      requests.push(record)
      // Ask for an uncompressed answer so the recorded body is readable.
      const headers = { ...req.headers, host: origin.host }
      delete headers['accept-encoding']
      const upstream = httpRequest(
        { host: origin.hostname, port: origin.port || 80, method: req.method, path: req.url, headers },
        (answer) => {
          record.status = answer.statusCode
          res.writeHead(answer.statusCode, answer.headers)
          const out = []
          answer.on('data', (c) => {
            out.push(c)
            res.write(c)
          })
          answer.on('end', () => {
            record.responseBody = text(Buffer.concat(out))
            res.end()
          })
        },
      )
      upstream.on('error', (err) => {
        record.status = 502
        record.responseBody = `proxy: ${err.code ?? err.message}`
        res.writeHead(502, { 'content-type': 'text/plain' }).end(record.responseBody)
      })
      upstream.end(body)
    })
  })
  await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve))
  return {
    port: server.address().port,
    requests,
    close: () => new Promise((resolve) => server.close(resolve).closeAllConnections()),
  }
}

/** The body as text for the record, cut short, with secrets and tokens blanked (logs get shared). */
function text(buffer) {
  if (buffer.length === 0) return undefined
  const s = buffer
    .toString('utf8')
    .replace(/("(?:client_secret|access_token)"\s*:\s*)"[^"]*"/g, '$1"…"')
    .replace(/((?:^|&)client_secret=)[^&]*/g, '$1…')
  return s.length > BODY_LIMIT ? `${s.slice(0, BODY_LIMIT)}…` : s
}
