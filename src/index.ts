import { countingD1, newCounter } from './db/counting'
import type { Env } from './env'
import { consumeBatch } from './queue/consumer'
import { requestDispatch, writesEvents } from './queue/event-dispatch'
import { runScheduled } from './queue/scheduled'
import { router } from './router'

export default {
  async fetch(req, env, ctx) {
    const started = Date.now()
    const counter = newCounter()
    const counting = env.BENCH_MODE === 'true'
    const res = await router.fetch(req, counting ? { ...env, DB: countingD1(env.DB, counter) } : env, ctx)
    if (counting) {
      res.headers.set('x-d1-round-trips', String(counter.roundTrips))
      res.headers.set('x-d1-rows-read', String(counter.rowsRead))
      res.headers.set('x-d1-rows-written', String(counter.rowsWritten))
    }
    // The events this write committed are sent by the queue; the answer does not wait for the enqueue.
    if (writesEvents(req, res)) ctx.waitUntil(requestDispatch(env))
    if (env.LOG_REQUESTS === 'true') {
      const url = new URL(req.url)
      console.log(JSON.stringify({ method: req.method, path: url.pathname, status: res.status, ms: Date.now() - started }))
    }
    return res
  },
  queue: (batch, env, _ctx) => consumeBatch(batch, env),
  scheduled: async (controller, env) => {
    await runScheduled(env, controller.scheduledTime)
  },
} satisfies ExportedHandler<Env, unknown> // queue bodies are untrusted until the consumer parses them
