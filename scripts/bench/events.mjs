// Event delivery throughput: `events` committed events sent to one webhook stream whose receiver
// (scripts/lib/webhook-receiver.mjs) runs in this process. The events are seeded straight into the
// outbox; the clock starts at the API write that follows (its dispatch hands them all to the queue)
// and stops when the receiver holds every one of them.
import { randomBytes } from 'node:crypto'
import { startReceiver } from '../lib/webhook-receiver.mjs'

const SEED_CHUNK = 50_000

export async function measureEventDelivery(api, { events, capSeconds, log }) {
  const token = randomBytes(12).toString('hex')
  const seen = new Set()
  let done
  const all = new Promise((resolve) => (done = resolve))
  const receiver = await startReceiver({
    port: 0,
    token,
    onEvent: (e) => {
      if (e.type !== 'user.deleted') return
      seen.add(e.id)
      if (seen.size >= events) done()
    },
  })
  const stream = await api.post('/api/v2/event-streams', {
    name: 'bench-delivery',
    subscriptions: [{ event_type: 'user.deleted' }],
    destination: { type: 'webhook', configuration: { webhook_endpoint: `${receiver.url}/`, webhook_authorization: { method: 'bearer', token } } },
  })
  try {
    for (let left = events; left > 0; left -= SEED_CHUNK) await api.post('/__bench/seed/events', { count: Math.min(left, SEED_CHUNK), type: 'user.deleted' })
    log(`events: ${events.toLocaleString('en-US')} seeded; a write triggers their dispatch, waiting for the receiver (cap ${capSeconds} s)`)
    const started = performance.now()
    await api.post('/api/v2/organizations', { name: `bench-events-${Date.now()}` })
    const timedOut = await Promise.race([all.then(() => false), new Promise((resolve) => setTimeout(() => resolve(true), capSeconds * 1000))])
    const seconds = (performance.now() - started) / 1000
    const requests = receiver.received.filter((r) => r.event?.type === 'user.deleted').length
    const result = {
      events,
      delivered: seen.size,
      duplicates: requests - seen.size,
      seconds: Number(seconds.toFixed(2)),
      per_second: Math.round(seen.size / seconds),
      timed_out: timedOut,
    }
    log(`events: ${result.delivered.toLocaleString('en-US')} of ${events.toLocaleString('en-US')} delivered in ${result.seconds} s (${result.per_second}/s, ${result.duplicates} sent twice)`)
    return result
  } finally {
    await api.call('DELETE', `/api/v2/event-streams/${stream.id}`)
    await receiver.close()
  }
}
