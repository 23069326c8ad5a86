// What config/openapi-lint.ts (vitest globalSetup, Node) hands to the tests through provide/inject.
import 'vitest'
import type { FuzzSettings } from '../../config/fuzz'

declare module 'vitest' {
  export interface ProvidedContext {
    openapi: {
      /** Our OpenAPI document, built in Node from the Worker's own modules for the origin https://edge-orgs.test. */
      document: Record<string, unknown>
      /** `@redocly/cli lint` problems of any severity (redocly.yaml). */
      lint: { ruleId: string; severity: string; message: string; pointer?: string }[]
    }
    /** config/fuzz.ts: seed, cases per operation and replay filters of the fuzz suite. */
    fuzz: FuzzSettings
  }
}
