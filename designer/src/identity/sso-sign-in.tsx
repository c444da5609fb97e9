import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError, api } from '../app/api-client.js';
import { startSso } from './api.js';
import './identity.css';
import { ErrorMessage } from '../account/account-card.js';

/** Whether a partner (by slug) offers single sign-on; null when it does not. */
function useSsoOffer(partner: string | undefined) {
  return useQuery({
    queryKey: ['sso-offer', partner ?? ''],
    queryFn: async () => {
      try {
        return await api<{ slug: string; name: string; mandatory: boolean }>('GET', `/api/v1/auth/sso/partners/${encodeURIComponent(partner ?? '')}`);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
    enabled: partner !== undefined,
    staleTime: 300_000,
    retry: false,
  });
}

/**
 * Signing in through a partner's identity provider, below the password form. Reached through the
 * partner's address, one button names the partner; otherwise the person says which organisation
 * they belong to (its short name, as in its sign-in address).
 */
export function SsoSignIn({ partner, returnTo }: { partner: string | undefined; returnTo: string }) {
  const offer = useSsoOffer(partner).data;
  const [asking, setAsking] = useState(false);
  const [organisation, setOrganisation] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const go = async (slug: string) => {
    setBusy(true);
    setError(null);
    try {
      const { authorizationUrl } = await startSso(slug, returnTo);
      window.location.assign(authorizationUrl);
    } catch (caught) {
      setError(caught instanceof ApiError && caught.status === 404 ? `"${slug}" does not offer single sign-on; check the name with your administrator.` : caught instanceof Error ? caught.message : 'Single sign-on could not start.');
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void go(organisation.trim().toLowerCase());
  };
  if (partner !== undefined && !offer) return null;
  return (
    <div className="sso-choice">
      {offer ? (
        <button type="button" className="button" disabled={busy} onClick={() => void go(offer.slug)}>
          Sign in with {offer.name} single sign-on
        </button>
      ) : asking ? (
        <form onSubmit={submit} aria-label="Single sign-on" className="card">
          <label>
            Organisation
            <input name="organisation" required autoComplete="organization" value={organisation} onChange={(event) => setOrganisation(event.target.value)} aria-describedby="organisation-hint" />
          </label>
          <p className="field-hint" id="organisation-hint">
            Its short name, as in your sign-in address (…/sign-in/<em>name</em>).
          </p>
          <button type="submit" className="button" disabled={busy}>
            Continue with single sign-on
          </button>
        </form>
      ) : (
        <button type="button" className="button" onClick={() => setAsking(true)}>
          Sign in with single sign-on
        </button>
      )}
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
    </div>
  );
}
