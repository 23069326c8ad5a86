import { describe, expect, it } from 'vitest'
import { OPERATIONS } from '../src/operations'
import readme from '../README.md?raw'

/** The README's API table, as `METHOD /path` pairs: a row may name several paths and several methods. */
function documented(): string[] {
  const section = readme.slice(readme.indexOf('## API\n'), readme.indexOf('\n## ', readme.indexOf('## API\n') + 1))
  const pairs: string[] = []
  for (const line of section.split('\n').filter((l) => l.startsWith('| `'))) {
    const [paths, methods] = line.split('|').slice(1, 3).map((cell) => cell.trim())
    for (const path of paths!.match(/`[^`]+`/g) ?? []) for (const method of methods!.split(' ')) pairs.push(`${method} ${path.slice(1, -1)}`)
  }
  return pairs.sort()
}

describe('README', () => {
  it('lists in its API table exactly the operations the Worker serves', () => {
    expect(documented()).toEqual(OPERATIONS.map((op) => `${op.method} ${op.path}`).sort())
  })
})
