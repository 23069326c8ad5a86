// Creating something twice because an answer got lost (the request reached the server, the reply did
// not reach the page) is the one way a retry could leave things half-done. The server keeps the first
// answer per Idempotency-Key, so a form reuses its key while it resends the same body.
import { useRef } from 'preact/hooks'

export interface RetryKey {
  /** The key for this body: the previous one while the body is unchanged, a new one otherwise. */
  keyFor(body: unknown): string
  /** After a success: the next submission is a new request, even with the same body. */
  forget(): void
}

export function useRetryKey(): RetryKey {
  const last = useRef<{ body: string; key: string } | undefined>(undefined)
  return {
    keyFor(body) {
      const text = JSON.stringify(body)
      if (last.current?.body !== text) last.current = { body: text, key: newKey() }
      return last.current.key
    },
    forget() {
      last.current = undefined
    },
  }
}

function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('')
}
