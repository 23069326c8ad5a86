/**
 * A statement's rows as objects, through `.raw()`. In a CPU profile of the Worker serving 50-row
 * organization pages under load, `.all()`'s per-row object building was the largest single item of
 * the page's JavaScript; `.raw()` plus this loop took under a third of its samples. Same result shape.
 */
export async function allRows<T>(statement: D1PreparedStatement): Promise<T[]> {
  const [columns, ...rows] = await statement.raw<unknown[]>({ columnNames: true })
  if (!columns) return []
  const names = columns as unknown as string[]
  const out = new Array<T>(rows.length)
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!
    const obj: Record<string, unknown> = {}
    for (let c = 0; c < names.length; c++) obj[names[c]!] = row[c]
    out[r] = obj as T
  }
  return out
}
