import type { ApiFailure } from '../lib/api'

/** The router's own 404 (no such endpoint) says only "Not Found"; a missing resource says what is missing. */
const isMissingRoute = (e: ApiFailure) => e.kind === 'http' && e.status === 404 && e.message === 'Not Found' && !e.errorCode

/**
 * An API failure, shown where it happened: Auth0's status, message and errorCode as the server sent
 * them, with a word on what to do for the kinds that are not about the input.
 */
export function ErrorNote({ error, id }: { error: ApiFailure | undefined; id?: string }) {
  if (!error) return null
  return (
    <p class="error" role="alert" id={id}>
      {error.summary}
      {error.kind === 'http' && error.status === 401 && ' Your session has ended: sign in again, then retry.'}
      {error.kind === 'http' && error.status === 403 && ' The signed-in client lacks the scope for this.'}
      {isMissingRoute(error) && ' This server does not offer this part of the API.'}
    </p>
  )
}
