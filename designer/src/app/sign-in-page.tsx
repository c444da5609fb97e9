import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate, useParams } from 'react-router';
import { ApiError, api } from './api-client.js';
import type { Branding } from './api-types.js';
import { applyBranding } from './branding.js';
import { useMe, useSessionActions } from './session.js';
import { SupportLinks } from './support-links.js';
import { SsoSignIn } from '../identity/sso-sign-in.js';

/**
 * The brand of the sign-in page: the partner's when the page is reached through its address —
 * `/sign-in/<partner>` or a host name of the partner's own — otherwise none (a plain page).
 */
function useSignInBrand(partner: string | undefined) {
  return useQuery({
    queryKey: ['sign-in-brand', partner ?? ''],
    queryFn: () => api<{ partner: { slug: string; name: string } | null; branding: Branding | null }>('GET', `/api/v1/sign-in/brand${partner ? `?partner=${encodeURIComponent(partner)}` : ''}`),
    staleTime: 300_000,
    retry: false,
  });
}

/** Whether the installation still waits for its first-run setup. */
function useSetupNeeded(): boolean {
  const setup = useQuery({ queryKey: ['setup'], queryFn: () => api<{ needed: boolean }>('GET', '/api/v1/setup'), staleTime: 60_000, retry: false });
  return setup.data?.needed === true;
}

/**
 * Where to go after signing in: the page the user was sent here from (a link someone shared), when
 * it is a path of this app, otherwise the start. Only the router's own state carries it, never the URL.
 */
function returnPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/sign-in') ? from : '/';
}

/**
 * Sign-in with email and password; the session lives in an HttpOnly cookie. Reached through a
 * partner's address, the page wears the partner's brand and support links.
 */
export function SignInPage() {
  const { partner } = useParams();
  const brand = useSignInBrand(partner).data?.branding ?? null;
  const setupNeeded = useSetupNeeded();
  useEffect(() => {
    if (brand) applyBranding(brand);
  }, [brand]);
  const { signIn } = useSessionActions();
  const { me } = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const next = returnPath(location.state);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email, password);
      await navigate(next, { replace: true });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Sign-in failed; try again.');
    } finally {
      setBusy(false);
    }
  };
  if (me) return <Navigate to={next} replace />;
  return (
    <main className="sign-in">
      <form className="card" onSubmit={(event) => void submit(event)} aria-label="Sign in">
        {brand ? (
          <p className="account-brand">
            {brand.logoUrl ? <img src={brand.logoUrl} alt="" className="brand-logo" /> : null}
            <span>{brand.productName}</span>
          </p>
        ) : null}
        <h1>Sign in</h1>
        {setupNeeded ? (
          <p className="notice warn">
            This installation is not set up yet. <Link to="/setup">Set it up</Link> with the code printed when the server started.
          </p>
        ) : null}
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
        </label>
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <Link to="/forgot-password">Forgot password?</Link>
        {brand ? <SupportLinks branding={brand} className="account-support" /> : null}
      </form>
      <SsoSignIn partner={partner} returnTo={next} />
    </main>
  );
}
