// Walks every checkpoint page of a list the way the SDK does (take, then `from=next` until none) and
// checks that each item comes exactly once: the scale proof for organizations and members.

/**
 * `path` is the list URL without take/from; `key` the body's array key; `idOf` an item's identity.
 * Returns { pages, items, unique, duplicates, expected_ok, seconds, first_page_ms, deepest_page_ms, max_round_trips }.
 */
export async function walkCheckpoints(api, { path, key, idOf, take = 100, expected }) {
  const seen = new Set()
  let duplicates = 0
  let pages = 0
  let from
  let firstMs = 0
  let lastMs = 0
  let maxRoundTrips = 0
  const started = performance.now()
  do {
    const sep = path.includes('?') ? '&' : '?'
    const res = await api.call('GET', `${path}${sep}take=${take}${from ? `&from=${encodeURIComponent(from)}` : ''}`)
    pages++
    if (pages === 1) firstMs = res.ms
    lastMs = res.ms
    maxRoundTrips = Math.max(maxRoundTrips, Number(res.headers.get('x-d1-round-trips') ?? 0))
    for (const item of res.body[key]) {
      const id = idOf(item)
      if (seen.has(id)) duplicates++
      seen.add(id)
    }
    from = res.body.next
  } while (from)
  return {
    pages,
    items: seen.size + duplicates,
    unique: seen.size,
    duplicates,
    expected_ok: expected === undefined ? null : seen.size === expected && duplicates === 0,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    first_page_ms: Math.round(firstMs * 10) / 10,
    last_page_ms: Math.round(lastMs * 10) / 10,
    max_round_trips: maxRoundTrips,
  }
}
