// What server.ts (vitest globalSetup, Node) hands to the console tests through provide/inject.
import 'vitest'

declare module 'vitest' {
  export interface ProvidedContext {
    console: {
      /** `wrangler dev` serving the Worker and the console, e.g. http://127.0.0.1:40123 */
      baseUrl: string
      /** The bootstrap client of that throwaway tenant: every Management API scope. */
      clientId: string
      clientSecret: string
    }
  }
}
