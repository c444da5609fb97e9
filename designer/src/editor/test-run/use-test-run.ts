import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { api } from '../../app/api-client.js';
import type { RunDetail } from '../../app/api-types.js';
import { useEditorStore, useEditorStoreApi } from '../store/editor-context.js';

/** How often a test run in progress is read again. */
const POLL_INTERVAL_MS = 300;

/** Statuses after which a run changes no more without someone acting (a waiting run waits for a person, a timer or an event). */
const SETTLED: ReadonlySet<RunDetail['status']> = new Set(['succeeded', 'failed', 'cancelled', 'waiting']);

/** Whether a run has stopped changing on its own. */
export function isSettled(run: Pick<RunDetail, 'status'>): boolean {
  return SETTLED.has(run.status);
}

/** The store's test run, read from the server every {@link POLL_INTERVAL_MS} until it settles. */
export function useTestRunQuery() {
  const { tenantId, runId, live } = useEditorStore(
    useShallow((state) => ({ tenantId: state.tenantId, runId: state.run?.id ?? null, live: state.run !== null && !isSettled(state.run) })),
  );
  return useQuery({
    queryKey: ['test-run', tenantId, runId],
    queryFn: () => api<RunDetail>('GET', `/api/v1/tenants/${tenantId}/runs/${runId ?? ''}?stepsLimit=500`),
    enabled: runId !== null && live,
    refetchInterval: (query) => (query.state.data && isSettled(query.state.data) ? false : POLL_INTERVAL_MS),
    refetchIntervalInBackground: true,
    staleTime: 0,
  });
}

/**
 * Keeps the store's test run current while it is in progress, so the canvas shows each node's
 * status live whichever side panel is open. Called once by the editor page.
 */
export function useTestRunPolling(): void {
  const store = useEditorStoreApi();
  const { data } = useTestRunQuery();
  useEffect(() => {
    const state = store.getState();
    if (data && state.run?.id === data.id) state.setRun(data);
  }, [data, store]);
}
