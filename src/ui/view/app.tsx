/** Top of the page: the auth gate, then the workspace. */
import { useEffect, useState } from 'preact/hooks'
import { ApiError, getApiInfo, type Permission } from '../api/rest.js'
import { permissionsFromCookie } from '../model/session.js'
import { LoginPage } from './login-page.js'
import { Workspace } from './workspace.js'

type Phase = { kind: 'checking' } | { kind: 'login'; reason?: string } | { kind: 'ready'; host: string; version: string } | { kind: 'error'; message: string }

/** Checks `GET /api`: a 401 shows the login page (auth on), anything else the workspace. */
export function App() {
  const [phase, setPhase] = useState<Phase>({ kind: 'checking' })
  const [perms, setPerms] = useState<Permission[] | undefined>()
  const check = async () => {
    try {
      const info = await getApiInfo()
      performance.mark('skydive:api-ok')
      setPerms((p) => p ?? permissionsFromCookie(document.cookie))
      setPhase({ kind: 'ready', host: info.Host, version: info.Version })
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) setPhase({ kind: 'login' })
      else setPhase({ kind: 'error', message: (err as Error).message })
    }
  }
  useEffect(() => { void check() }, [])
  const logout = () => {
    document.cookie = 'authtoken=; Max-Age=0; Path=/'
    document.cookie = 'permissions=; Max-Age=0; Path=/'
    setPerms(undefined)
    location.reload()
  }
  switch (phase.kind) {
    case 'checking':
      return <p class="boot">Connecting to the analyzer…</p>
    case 'login':
      return <LoginPage reason={phase.reason} onLoggedIn={(p) => { setPerms(p ?? permissionsFromCookie(document.cookie)); void check() }} />
    case 'error':
      return (
        <div class="login-page"><div class="login">
          <h1>Skydive</h1><pre class="error">{phase.message}</pre>
          <button class="primary" onClick={() => { setPhase({ kind: 'checking' }); void check() }}>Retry</button>
        </div></div>
      )
    case 'ready':
      return <Workspace host={phase.host} version={phase.version} permissions={perms} onLogout={logout} />
  }
}
