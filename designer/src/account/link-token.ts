import { useEffect, useState } from 'react';

/**
 * The `token` of a mailed link (`/accept-invite?token=…`), read once; the address bar then drops
 * it, so the token stays out of the history and of anything that reads the address later.
 */
export function useLinkToken(): string {
  const [token] = useState(() => new URLSearchParams(window.location.search).get('token') ?? '');
  useEffect(() => {
    if (new URLSearchParams(window.location.search).has('token')) window.history.replaceState(window.history.state, '', window.location.pathname);
  }, []);
  return token;
}
