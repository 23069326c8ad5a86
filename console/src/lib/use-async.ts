// Loading and acting on the API from components: one place that tracks busy/error state, so every
// page shows failures the same way and never leaves a button spinning after an error.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks'
import { ApiFailure } from './api'

export interface Loaded<T> {
  data: T | undefined
  error: ApiFailure | undefined
  loading: boolean
  reload(): void
  /** Puts a value the server just answered with in place of the loaded one, without a new read. */
  replace(data: T): void
}

/** Runs `load` now and whenever `deps` change; a slower earlier answer never overwrites a newer one. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiFailure; loading: boolean }>({ loading: true })
  const [generation, setGeneration] = useState(0)
  const latest = useRef(0)
  useEffect(() => {
    const ticket = ++latest.current
    setState((s) => ({ ...s, loading: true }))
    load().then(
      (data) => ticket === latest.current && setState({ data, loading: false }),
      (err) => ticket === latest.current && setState((s) => ({ data: s.data, error: asFailure(err), loading: false })),
    )
  }, [...deps, generation])
  const reload = useCallback(() => setGeneration((g) => g + 1), [])
  const replace = useCallback((data: T) => {
    latest.current++ // an older read still on its way must not overwrite this
    setState({ data, loading: false })
  }, [])
  return { data: state.data, error: state.error, loading: state.loading, reload, replace }
}

export interface Action {
  busy: boolean
  error: ApiFailure | undefined
  /** Runs `work` unless one is already running; resolves true when it succeeded. */
  run(work: () => Promise<unknown>): Promise<boolean>
  clear(): void
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiFailure>()
  const running = useRef(false)
  const run = useCallback(async (work: () => Promise<unknown>) => {
    if (running.current) return false
    running.current = true
    setBusy(true)
    setError(undefined)
    try {
      await work()
      return true
    } catch (err) {
      setError(asFailure(err))
      return false
    } finally {
      running.current = false
      setBusy(false)
    }
  }, [])
  return { busy, error, run, clear: useCallback(() => setError(undefined), []) }
}

/** Anything thrown becomes an ApiFailure; a bug in the console reads as one too, instead of vanishing. */
export function asFailure(err: unknown): ApiFailure {
  if (err instanceof ApiFailure) return err
  return new ApiFailure('http', err instanceof Error ? err.message : String(err), undefined, 'Console error')
}
