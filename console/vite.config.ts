// Builds the admin console (console/) into the Worker's static assets (wrangler.toml [assets]).
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { HEADERS_FILE } from './headers.ts'

const here = dirname(fileURLToPath(import.meta.url))
/** The static-assets root: its paths are URL paths, so the console itself lives in its console/ folder. */
const ASSETS_ROOT = join(here, '..', 'dist', 'assets')

export default defineConfig({
  root: here,
  base: '/console/',
  // No public/ folder: everything the page loads goes through the bundle.
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: join(ASSETS_ROOT, 'console'),
    emptyOutDir: true,
    target: 'es2022',
    // Inlined assets would be data: URLs, which the Content-Security-Policy refuses for scripts.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  plugins: [
    {
      // Workers static assets read response headers from `_headers` at the root of the assets folder.
      name: 'edge-orgs-console-headers',
      apply: 'build',
      closeBundle() {
        writeFileSync(join(ASSETS_ROOT, '_headers'), HEADERS_FILE)
      },
    },
  ],
})
