/** The `data` of each server-sent event in `text` (several data lines of one event joined by newlines), as EventSource reads them. */
export function sseData(text: string): string[] {
  const out: string[] = []
  for (const block of text.split(/\r?\n\r?\n/)) {
    const lines = block.split(/\r?\n/).filter((l) => l.startsWith('data:')).map((l) => l.slice(5).replace(/^ /, ''))
    if (lines.length) out.push(lines.join('\n'))
  }
  return out
}
