import { Router, type IRequest } from 'itty-router'
import type { Env } from '../env'
import { ApiError } from '../errors'
import { json } from '../http/respond'

/** Floors for the benchmark: reachable only when BENCH_MODE is set (never in a deployment's vars). */
export const bench = Router<IRequest, [Env, ExecutionContext]>({
  base: '/__bench',
  before: [
    (_req, env) => {
      if (env.BENCH_MODE !== 'true') throw new ApiError('route_not_found', 'Not Found')
    },
  ],
})

bench.get('/noop', () => json({ ok: true }))

bench.get('/one-query', async (_req, env) => json(await env.DB.prepare('SELECT 1 AS one').first()))
