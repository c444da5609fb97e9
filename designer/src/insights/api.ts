import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../app/api-client.js';
import type { Insights } from '../../../server/contract/insights.js';

/**
 * The dashboard's figures for an API query string (see insights-filters.ts); the last figures stay
 * shown while new ones load. The query's range ends at the current minute, so it is read again each minute.
 */
export function useInsights(tenantId: string, query: string) {
  return useQuery({
    queryKey: ['insights', tenantId, query],
    queryFn: () => api<Insights>('GET', `/api/v1/tenants/${encodeURIComponent(tenantId)}/insights?${query}`),
    placeholderData: keepPreviousData,
  });
}
