import { useEffect, useMemo, useState } from 'react';
import type { WorkflowVersion } from '../app/api-types.js';
import { toDefinition } from '../editor/model/flow-graph.js';
import { useEditorStoreApi } from '../editor/store/editor-context.js';
import type { EditorState } from '../editor/store/editor-store.js';
import { useVersionDetail } from './api.js';
import { definitionKey } from './model/same-definition.js';

/** Quiet time after an edit before the draft is compared again (a drag or typing compares once, at the end). */
const SETTLE_MS = 400;

/** How the draft on the canvas stands against the latest version. */
export type DraftStatus = { readonly kind: 'unsubmitted' } | { readonly kind: 'checking' } | { readonly kind: 'same' | 'changed'; readonly version: number };

const graphOf = (state: EditorState) => [state.meta, state.nodes, state.edges] as const;

/**
 * Whether the editor's draft differs from the latest version, compared as the canvas would save
 * both (defaults and key order aside). Compared once the graph has been still for a moment, never
 * on every drag frame.
 */
export function useDraftStatus(tenantId: string, workflowId: string, versions: readonly WorkflowVersion[] | undefined): DraftStatus {
  const store = useEditorStoreApi();
  const latest = versions?.[0]?.version ?? null;
  const detail = useVersionDetail(tenantId, workflowId, latest);
  const [draftKey, setDraftKey] = useState<string | null>(null);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const measure = () => {
      const state = store.getState();
      setDraftKey(definitionKey(toDefinition(state.meta, state.nodes, state.edges)));
    };
    measure();
    let last = graphOf(store.getState());
    const unsubscribe = store.subscribe((state) => {
      const next = graphOf(state);
      if (next[0] === last[0] && next[1] === last[1] && next[2] === last[2]) return;
      last = next;
      clearTimeout(timer);
      timer = setTimeout(measure, SETTLE_MS);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [store]);
  const versionKey = useMemo(() => (detail.data ? { version: detail.data.version, key: definitionKey(detail.data.definition) } : null), [detail.data]);
  if (latest === null) return { kind: 'unsubmitted' };
  if (draftKey === null || versionKey?.version !== latest) return { kind: 'checking' };
  return { kind: draftKey === versionKey.key ? 'same' : 'changed', version: latest };
}
