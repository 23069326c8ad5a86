import { createContext } from 'preact'
import { useContext } from 'preact/hooks'
import type { Api } from './api'
import type { Session } from './session'
import type { Need } from './scopes'

export interface Console {
  session: Session
  api: Api
  /** Whether the token holds a scope that lets this action in. */
  can(need: Need): boolean
  /** Announces a completed change in the page's status region (read out by screen readers). */
  announce(message: string): void
}

export const ConsoleContext = createContext<Console | null>(null)

export function useConsole(): Console {
  const value = useContext(ConsoleContext)
  if (!value) throw new Error('useConsole outside a signed-in console')
  return value
}
