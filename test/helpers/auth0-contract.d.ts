// The modules config/contract.ts serves to the tests (compiled from Auth0's OpenAPI documents).
declare module 'virtual:auth0-contract' {
  import type { ErrorObject } from 'ajv'

  export interface Validator {
    (data: unknown): boolean
    errors?: ErrorObject[] | null
  }

  export type ContractOperation = import('./contract-operation').ContractOperation

  /** Each validator is its own module, imported on first use. */
  export const validators: Record<string, () => Promise<{ validate: Validator }>>
  export const operations: ContractOperation[]
}

declare module 'virtual:auth0-contract/documents' {
  export const documents: { organizations: Record<string, any>; tenant: Record<string, any>; management: Record<string, any> }
}
