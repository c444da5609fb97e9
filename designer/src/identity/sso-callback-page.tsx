import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../app/error-message.js';
import { LoadingState } from '../shared/page-state.js';
import { completeSso } from './api.js';
import { ErrorMessage } from '../account/account-card.js';

/**
 * Where the identity provider sends the browser back: the server checks its answer against the
 * sign-in this browser started, then the person lands where they were going. The answer is used
 * once, so the page sends it once.
 */
export function SsoCallbackPage() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const sent = useRef(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    completeSso(window.location.search)
      .then(async ({ returnTo }) => {
        await client.invalidateQueries({ queryKey: ['me'] });
        await navigate(returnTo, { replace: true });
      })
      .catch((caught: unknown) => setError(errorMessage(caught)));
  }, [client, navigate]);
  if (!error) return <LoadingState label="Signing you in…" />;
  return (
    <main className="sign-in">
      <section className="card" aria-labelledby="sso-failed-title">
        <h1 id="sso-failed-title">Single sign-on did not work</h1>
        <ErrorMessage>{error}</ErrorMessage>
        <Link to="/sign-in">Back to sign-in</Link>
      </section>
    </main>
  );
}
