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
