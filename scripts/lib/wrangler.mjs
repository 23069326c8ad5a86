// Where wrangler is and which Node runs it: shared by `npm run dev` and the bench.
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** The installed wrangler's bin script (run with `nodeForWrangler(root)`, not through a shell). */
export function wranglerBin(root) {
  const require = createRequire(join(root, 'package.json'))
  const pkgPath = require.resolve('wrangler/package.json')
  const { bin } = require(pkgPath)
  return join(dirname(pkgPath), typeof bin === 'string' ? bin : bin.wrangler)
}

/**
 * Wrangler needs Node 22.12+: `npm run` already puts the pinned node@22 first on PATH; a bare
 * `node scripts/...` under Node 20 falls back to that same pinned binary.
 */
export function nodeForWrangler(root) {
  const [major, minor] = process.versions.node.split('.').map(Number)
  if (major > 22 || (major === 22 && minor >= 12)) return process.execPath
  const pinned = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'node.cmd' : 'node')
  return existsSync(pinned) ? pinned : process.execPath
}
