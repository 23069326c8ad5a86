import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { Dialog } from './components/dialog'
import { createApi } from './lib/api'
import { ConsoleContext, type Console } from './lib/context'
import { href, useRoute, type Route } from './lib/route'
import { NEEDS } from './lib/scopes'
import { hasAny, type Session } from './lib/session'
import { OrganizationPage } from './pages/organization'
import { NewOrganizationPage } from './pages/organization-create'
import { OrganizationsPage } from './pages/organizations'
import { SignInForm, SignInPage } from './pages/sign-in'

export function App() {
  const [session, setSession] = useState<Session | null>(null)
  // A session the server refused (or that ran out) is kept until renewed, so the page under the
  // sign-in dialog keeps what the operator typed and can retry.
  const [ended, setEnded] = useState(false)
  const [status, setStatus] = useState<{ text: string; at: number }>()
  const current = useRef<Session | null>(null)
  current.current = session

  const api = useMemo(
    () =>
      createApi({
        token: () => {
          const s = current.current
          return s && Date.now() < s.expiresAt ? s.token : null
        },
        onExpired: () => setEnded(true),
      }),
    [],
  )
  const value = useMemo<Console | null>(
    () =>
      session && {
        session,
        api,
        can: (need) => hasAny(session, NEEDS[need]),
        announce: (text) => setStatus({ text, at: Date.now() }),
      },
    [session, api],
  )

  // A confirmation stays long enough to read, then clears so it does not cover the page.
  useEffect(() => {
    if (!status) return
    const timer = setTimeout(() => setStatus(undefined), 8000)
    return () => clearTimeout(timer)
  }, [status])

  if (!value) return <SignInPage onSignedIn={(s) => (setSession(s), setEnded(false))} />
  return (
    <ConsoleContext.Provider value={value}>
      <Header session={value.session} onSignOut={() => (setSession(null), setEnded(false), setStatus(undefined))} />
      <Main />
      <p class="status" role="status" aria-live="polite">
        {status?.text}
      </p>
      {ended && (
        <Dialog title="Your session has ended" onClose={() => setEnded(false)}>
          <p>The server no longer accepts this tab's token. Sign in again; the page stays as it was, so you can retry.</p>
          <SignInForm previousClientId={value.session.clientId} onSignedIn={(s) => (setSession(s), setEnded(false))} />
        </Dialog>
      )}
    </ConsoleContext.Provider>
  )
}

function Header({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  return (
    <header class="top">
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        Skip to content
      </a>
      <a class="brand" href={href.organizations()}>
        edge-orgs console
      </a>
      <details class="who">
        <summary>{session.scopes.size} scopes</summary>
        <div class="scopes">
          <p>
            Signed in as client <code>{session.clientId}</code>
          </p>
          <ul>
          {[...session.scopes].sort().map((s) => (
            <li key={s}>
              <code>{s}</code>
              </li>
            ))}
          </ul>
        </div>
      </details>
      <button type="button" onClick={onSignOut}>
        Sign out
      </button>
    </header>
  )
}

function Main() {
  const route = useRoute()
  const main = useRef<HTMLElement>(null)
  const key = routeKey(route)
  // A new page moves focus to its content, as a full page load would, so screen readers start there.
  const first = useRef(true)
  useEffect(() => {
    if (first.current) first.current = false
    else main.current?.focus({ preventScroll: true })
  }, [key])
  return (
    <main id="main" ref={main} tabIndex={-1}>
      <Page route={route} />
    </main>
  )
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'organizations':
      return <OrganizationsPage />
    case 'new-organization':
      return <NewOrganizationPage />
    case 'organization':
      return <OrganizationPage key={route.id} id={route.id} tab={route.tab} />
    case 'not-found':
      return (
        <>
          <h1>Page not found</h1>
          <p>
            Nothing lives at <code>{route.path}</code>. <a href={href.organizations()}>Back to organizations</a>
          </p>
        </>
      )
  }
}

const routeKey = (r: Route) => (r.page === 'organization' ? `${r.page}/${r.id}/${r.tab}` : r.page)
