// A webhook receiver for event streams, for trying them out locally (scripts/webhook-receiver.mjs),
// the SDK smoke checks and the bench. Plain Node, no dependencies.
import { createServer } from 'node:http'

/**
 * Listens on 127.0.0.1:`port` and keeps every POST it gets: `{ at, headers, event }`. With `token`,
 * a request without `Authorization: Bearer <token>` is answered 401. With `failFirst`, the first
 * that many requests are answered 503 (a receiver that is down, then recovers). `onEvent` sees
 * each accepted event, `onRefused` each refused one with its status. Resolves once listening; `close()` stops it.
 */
export async function startReceiver({ port, token, failFirst = 0, onEvent, onRefused } = {}) {
  const received = []
  let requests = 0
  const server = createServer((req, res) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      requests++
      let event = null
      try {
        event = JSON.parse(Buffer.concat(chunks).toString('utf8'))
      } catch {
        res.writeHead(400).end('not JSON')
        return
      }
      const entry = { at: Date.now(), headers: req.headers, event, accepted: false }
      received.push(entry)
      const refuse = (status) => {
        onRefused?.(event, status)
        res.writeHead(status).end()
      }
      if (token !== undefined && req.headers.authorization !== `Bearer ${token}`) return refuse(401)
      if (requests <= failFirst) return refuse(503)
      entry.accepted = true
      onEvent?.(event, entry)
      res.writeHead(204).end()
    })
  })
  server.keepAliveTimeout = 65_000
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', resolve)
  })
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    received,
    accepted: () => received.filter((r) => r.accepted),
    close: () => new Promise((resolve) => server.close(resolve)),
  }
}
