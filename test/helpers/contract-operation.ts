/** One operation of the contract, as config/contract.ts compiles it and the tests receive it (virtual:auth0-contract). */
export interface ContractOperation {
  method: string
  template: string
  source: 'organizations' | 'tenant' | 'local' | 'management'
  operationId: string
  /** Status → validator name, or null when the status has no JSON body schema. */
  responses: Record<string, string | null>
  /** Status → validator of one message's data, for a text/event-stream answer. */
  streams: Record<string, string>
}
