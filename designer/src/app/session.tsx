import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { ApiError, api, setCsrfToken } from './api-client.js';
import type { Me } from './api-types.js';
import { forgetLocalData } from './local-data.js';

/** The signed-in user (null when signed out), their workspaces and the CSRF token; `error` when the server could not say. */
export function useMe(): { me: Me | null | undefined; loading: boolean; error: Error | null; retry: () => void } {
  const query = useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        const me = await api<Me>('GET', '/api/v1/me');
        setCsrfToken(me.csrfToken);
        return me;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
  const { refetch } = query;
  const retry = useCallback(() => void refetch(), [refetch]);
  return { me: query.data, loading: query.isLoading, error: query.error, retry };
}

/** Sign in and out; both refresh who the user is. */
export function useSessionActions(): { signIn: (email: string, password: string) => Promise<void>; signOut: () => Promise<void> } {
  const client = useQueryClient();
  const signIn = useCallback(
    async (email: string, password: string) => {
      await api('POST', '/api/v1/auth/login', { email, password });
      await client.invalidateQueries({ queryKey: ['me'] });
    },
    [client],
  );
  const signOut = useCallback(async () => {
    try {
      await api('POST', '/api/v1/auth/logout');
    } catch (error) {
      // Already signed out (the session was ended, e.g. from the Sessions page): forget it here too.
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
    setCsrfToken(null);
    forgetLocalData();
    client.clear();
    await client.invalidateQueries({ queryKey: ['me'] });
  }, [client]);
  return { signIn, signOut };
}
