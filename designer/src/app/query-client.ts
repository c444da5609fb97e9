import { QueryClient } from '@tanstack/react-query';

/**
 * The designer's one TanStack Query client: server data is cached per query key and invalidated by
 * the mutations that change it. A failed request is shown, not retried behind the user's back, and
 * switching windows refetches nothing (the editor's draft lives in its store, not in the cache).
 */
export const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });
