// A webhook receiver for event streams, for trying them out locally (scripts/webhook-receiver.mjs),
// the SDK smoke checks and the bench. Plain Node, no dependencies.
import { createServer } from 'node:http'

/**
 * Listens on 127.0.0.1:`port` and keeps every POST it gets: `{ at, headers, event }`. With `token`,
 * a request without `Authorization: Bearer <token>` is answered 401. With `failFirst`, the first
 * that many requests are answered 503 (a receiver that is down, then recovers). `onEvent` sees
 * each accepted event. Resolves once listening; `close()` stops it.
 */
export async function startReceiver({ port, token, failFirst = 0, onEvent } = {}) {
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
      if (token !== undefined && req.headers.authorization !== `Bearer ${token}`) return void res.writeHead(401).end()
      if (requests <= failFirst) return void res.writeHead(503).end()
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
