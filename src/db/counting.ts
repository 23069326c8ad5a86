/**
 * Wraps a D1 binding so every round trip (a statement run, or a whole batch) is counted. Used in bench
 * and test mode to prove per-request query budgets; production code sees the plain binding.
 */
export interface Counter {
  roundTrips: number
}

const RUNNERS = new Set(['first', 'all', 'run', 'raw'])
const ORIGINAL = Symbol('original statement')

export function countingD1(db: D1Database, counter: Counter): D1Database {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') return (sql: string) => wrapStatement(target.prepare(sql), counter)
      if (prop === 'batch') {
        return (statements: D1PreparedStatement[]) => {
          counter.roundTrips++
          return target.batch(statements.map(unwrapStatement))
        }
      }
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

function wrapStatement(statement: D1PreparedStatement, counter: Counter): D1PreparedStatement {
  return new Proxy(statement, {
    get(target, prop) {
      if (prop === ORIGINAL) return target
      if (prop === 'bind') return (...values: unknown[]) => wrapStatement(target.bind(...values), counter)
      const value = Reflect.get(target, prop)
      if (typeof prop === 'string' && RUNNERS.has(prop)) {
        return (...args: unknown[]) => {
          counter.roundTrips++
          return (value as (...a: unknown[]) => unknown).apply(target, args)
        }
      }
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

function unwrapStatement(statement: D1PreparedStatement): D1PreparedStatement {
  return ((statement as unknown as Record<symbol, D1PreparedStatement>)[ORIGINAL] ?? statement)
}
