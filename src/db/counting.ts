/**
 * Wraps a D1 binding so every round trip (a statement run, or a whole batch) is counted, with the rows
 * D1 reports it read and wrote (`meta.rows_read`, `meta.rows_written`, summed over a batch's
 * statements). Used in bench and test mode to prove per-request budgets; production code sees the
 * plain binding.
 */
export interface Counter {
  roundTrips: number
  rowsRead: number
  rowsWritten: number
}

export const newCounter = (): Counter => ({ roundTrips: 0, rowsRead: 0, rowsWritten: 0 })

/**
 * `first()` and `raw()` return rows without D1's meta, so the count is taken one level down, where
 * every runner and `batch()` sends its query: the binding's session (`_sendOrThrow`, or
 * `_queryOrThrow` under the JSRPC binding). Those are workerd internals, not API: if they are ever
 * renamed this throws on the first request, in bench and test mode only, rather than count zero.
 * Reading meta there leaves the measured code as production runs it (`raw()` stays `raw()`).
 */
const SENDERS = ['_sendOrThrow', '_queryOrThrow'] as const

interface Internals {
  alwaysPrimarySession: object
}

export function countingD1(db: D1Database, counter: Counter): D1Database {
  const session = countingSession((db as unknown as Internals).alwaysPrimarySession, counter)
  return new Proxy(db, {
    get(target, prop) {
      // A statement that inherits everything from the real one but sends through the counting session;
      // `bind()` builds its result from `this.dbSession`, so bound statements keep counting.
      if (prop === 'prepare') return (sql: string) => Object.create(target.prepare(sql), { dbSession: { value: session } })
      if (prop === 'batch') return (statements: D1PreparedStatement[]) => (session as unknown as D1Database).batch(statements)
      if (prop === 'exec') {
        return (sql: string) => {
          counter.roundTrips++
          return target.exec(sql)
        }
      }
      const value = Reflect.get(target, prop)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

interface Meta {
  meta?: { rows_read?: number; rows_written?: number }
}

function countingSession(session: object | undefined, counter: Counter): object {
  for (const name of SENDERS) {
    if (typeof (session as Record<string, unknown> | undefined)?.[name] !== 'function') {
      throw new Error(`countingD1: the D1 binding has no session.${name} (workerd internals changed); update src/db/counting.ts`)
    }
  }
  const record = (results: Meta | Meta[]) => {
    counter.roundTrips++
    for (const r of Array.isArray(results) ? results : [results]) {
      counter.rowsRead += r.meta?.rows_read ?? 0
      counter.rowsWritten += r.meta?.rows_written ?? 0
    }
    return results
  }
  // Methods run with `this` = the proxy, so the session's own calls to its senders are counted too.
  return new Proxy(session!, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver)
      if (typeof prop === 'string' && (SENDERS as readonly string[]).includes(prop)) {
        return async (...args: unknown[]) => record(await (value as (...a: unknown[]) => Promise<Meta | Meta[]>).apply(target, args))
      }
      return value
    },
  })
}
