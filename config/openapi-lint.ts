// vitest globalSetup, in Node: builds our OpenAPI document from the same modules the Worker runs and
// lints it with `@redocly/cli lint` (redocly.yaml), then hands the document and the lint report to the tests
// (test/routes/openapi.test.ts asserts there are none, and that the Worker serves this very document).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import type { ProvidedContext } from 'vitest'
import type { TestProject } from 'vitest/node'

/** The origin the linted copy is built for; the test asks the Worker for the document at the same origin. */
export const LINT_ORIGIN = 'https://edge-orgs.test'

type LintProblem = ProvidedContext['openapi']['lint'][number]

interface DocumentModule {
  buildOpenApiDocument: (operations: unknown, origin: string) => Record<string, unknown>
}

export default async function setup(project: TestProject): Promise<void> {
  // Loaded through Vite, as the tests load it; the specifiers are variables so the Node type-check
  // (tsconfig.node.json) does not follow them into Worker code.
  const documentModule = '/src/openapi/document.ts'
  const operationsModule = '/src/operations.ts'
  const [{ buildOpenApiDocument }, { OPERATIONS }] = await Promise.all([
    project.import<DocumentModule>(documentModule),
    project.import<{ OPERATIONS: unknown }>(operationsModule),
  ])
  const document = buildOpenApiDocument(OPERATIONS, LINT_ORIGIN)
  project.provide('openapi', { document, lint: lint(document, project.config.root) })
}

function lint(document: Record<string, unknown>, root: string): LintProblem[] {
  const dir = mkdtempSync(join(tmpdir(), 'edge-orgs-openapi-'))
  try {
    const file = join(dir, 'openapi.json')
    writeFileSync(file, JSON.stringify(document, null, 2))
    const cli = resolve(dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')), 'bin/cli.js')
    const run = spawnSync(process.execPath, [cli, 'lint', file, '--config', resolve(root, 'redocly.yaml'), '--format', 'json'], {
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
      timeout: 120_000,
    })
    const start = run.stdout.indexOf('{')
    if (start < 0) return [{ ruleId: 'redocly', severity: 'error', message: `redocly lint did not run: ${run.error ?? run.stderr}` }]
    const report = JSON.parse(run.stdout.slice(start)) as { problems: { ruleId: string; severity: string; message: string; location?: { pointer?: string }[] }[] }
    return report.problems.map((p) => ({ ruleId: p.ruleId, severity: p.severity, message: p.message, pointer: p.location?.[0]?.pointer }))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
