// Assertions shared by the sdk-smoke check files. Plain Node, no dependencies.

/** `{ data, status }` of an SDK call: the SDK treats any status below 400 as success. */
export async function raw(promise) {
  const { data, rawResponse } = await promise.withRawResponse()
  return { data, status: rawResponse.status }
}

export function expect(condition, message) {
  if (!condition) throw new Error(message)
}

export function expectStatus(actual, ...allowed) {
  expect(allowed.includes(actual), `status ${actual}, expected ${allowed.join(' or ')}`)
}

/** Runs `fn` and returns the SDK error it throws; fails if it does not throw. */
export async function rejection(fn) {
  try {
    await fn()
  } catch (err) {
    return err
  }
  throw new Error('expected the call to fail, it succeeded')
}

/** Fails unless the SDK error has this status (and errorCode, when given). */
export function expectError(err, statusCode, errorCode) {
  const seen = `${err.statusCode ?? err.message} ${JSON.stringify(err.body)}`
  expect(err.statusCode === statusCode, `expected ${statusCode}, got ${seen}`)
  if (errorCode !== undefined) expect(err.body?.errorCode === errorCode, `expected errorCode ${errorCode}, got ${seen}`)
}

/** Every item of a paginated SDK list, following pages as the SDK does (`for await`). */
export async function collect(pagePromise) {
  const items = []
  for await (const item of await pagePromise) items.push(item)
  return items
}

/** Fails unless each of `ids` occurs exactly once in `items` (compared on `key`). */
export function expectEachOnce(items, ids, key, what) {
  const counts = new Map()
  for (const item of items) counts.set(item[key], (counts.get(item[key]) ?? 0) + 1)
  const wrong = ids.filter((id) => counts.get(id) !== 1)
  expect(wrong.length === 0, `${what}: ${wrong.length} of ${ids.length} not seen exactly once (e.g. ${wrong[0]} ×${counts.get(wrong[0]) ?? 0})`)
}

export const sorted = (values) => JSON.stringify([...values].sort())
