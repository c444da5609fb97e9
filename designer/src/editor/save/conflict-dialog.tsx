import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { diffWorkflows, type WorkflowDefinition } from '../../../../runtime/definition/index.js';
import { ApiError, api } from '../../app/api-client.js';
import type { WorkflowDetail } from '../../app/api-types.js';
import { useMe } from '../../app/session.js';
import { toDefinition, toFlow } from '../model/flow-graph.js';
import { DateTime } from '../../app/date-time.js';
import { relativeTime } from '../../app/relative-time.js';
import { useEditorStore, useEditorStoreApi } from '../store/editor-context.js';
import type { Conflict } from '../store/save-slice.js';
import { DiffList } from '../../shared/diff/diff-list.js';
import { useDraftSaver } from './draft-saver-context.js';
import { fetchDraft } from '../../workflows/api.js';
import './save.css';

interface Member {
  userId: string;
  name: string;
  email: string;
}

/** A definition as the canvas would save it, so drafts that differ only in defaults compare equal. */
function normalise(draft: Record<string, unknown>): WorkflowDefinition {
  const flow = toFlow(draft);
  return toDefinition(flow.meta, flow.nodes, flow.edges);
}

function parseSaved(json: string): WorkflowDefinition | null {
  if (json === '') return null;
  try {
    return JSON.parse(json) as WorkflowDefinition;
  } catch {
    return null;
  }
}

/** Who saved: "you (in another tab or window)", a member's name, or the user id when unknown. */
function useSaverName(tenantId: string, updatedBy: string | null): string {
  const { me } = useMe();
  const workspace = me?.workspaces.find((candidate) => candidate.tenant.id === tenantId);
  // Partner staff act in customer tenants without being members there: look in the partner too.
  const tenants = [tenantId, ...(workspace?.tenant.parentId && me?.workspaces.some((candidate) => candidate.tenant.id === workspace.tenant.parentId) ? [workspace.tenant.parentId] : [])];
  const members = useQuery({
    queryKey: ['conflict-members', ...tenants],
    queryFn: async () => {
      const lists = await Promise.all(tenants.map((id) => api<Member[]>('GET', `/api/v1/tenants/${id}/members`).catch(() => [] as Member[])));
      return lists.flat();
    },
    enabled: updatedBy !== null && updatedBy !== me?.user.id,
    staleTime: 60_000,
  });
  if (updatedBy === null) return 'Someone';
  if (updatedBy === me?.user.id) return 'You (in another tab or window)';
  const member = members.data?.find((candidate) => candidate.userId === updatedBy);
  return member ? `${member.name} (${member.email})` : 'Another user';
}

/**
 * Shown when a save was refused because someone else saved first: who saved which revision when,
 * what they changed and what you changed since the revision you started from, and the two ways out —
 * reload their version (after confirming that yours is discarded) or overwrite it with yours.
 * Nothing is lost silently: until one is chosen, autosave waits and your edits stay on the canvas.
 */
export function ConflictDialog() {
  const { conflict, open, tenantId, workflowId } = useEditorStore(
    useShallow((state) => ({ conflict: state.conflict, open: state.conflictOpen, tenantId: state.tenantId, workflowId: state.workflowId })),
  );
  if (!conflict || !open) return null;
  return <ConflictDialogBody key={conflict.currentRevision} conflict={conflict} tenantId={tenantId} workflowId={workflowId} />;
}

function ConflictDialogBody({ conflict, tenantId, workflowId }: { conflict: Conflict; tenantId: string; workflowId: string }) {
  const store = useEditorStoreApi();
  const draftSaver = useDraftSaver();
  const dialog = useRef<HTMLDialogElement>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const { meta, nodes, edges, savedJson, baseRevision, setSaveState } = useEditorStore(
    useShallow((state) => ({ meta: state.meta, nodes: state.nodes, edges: state.edges, savedJson: state.savedJson, baseRevision: state.revision, setSaveState: state.setSaveState })),
  );
  const theirs = useQuery({
    queryKey: ['workflow-conflict', tenantId, workflowId, conflict.currentRevision],
    queryFn: () => fetchDraft(tenantId, workflowId),
    staleTime: 0,
  });
  const saver = useSaverName(tenantId, conflict.updatedBy);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  const mine = useMemo(() => toDefinition(meta, nodes, edges), [meta, nodes, edges]);
  const base = useMemo(() => parseSaved(savedJson), [savedJson]);
  const theirDefinition = useMemo(() => (theirs.data ? normalise(theirs.data.draft) : null), [theirs.data]);
  const theirRevision = Math.max(theirs.data?.revision ?? 0, conflict.currentRevision);
  const names = useMemo(() => {
    const map = new Map<string, string>();
    for (const definition of [base, theirDefinition, mine]) for (const node of definition?.nodes ?? []) map.set(node.id, node.name);
    return map;
  }, [base, theirDefinition, mine]);
  const nameOf = (id: string) => names.get(id) ?? id;

  const overwrite = async () => {
    setBusy(true);
    setFailure(null);
    const status = await draftSaver.overwriteWithMine(theirRevision);
    setBusy(false);
    if (status === 'error') setFailure(store.getState().saveError ?? 'the save failed');
  };
  const reload = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const latest: WorkflowDetail = await fetchDraft(tenantId, workflowId);
      draftSaver.reloadTheirs(latest);
    } catch (error) {
      setBusy(false);
      setFailure(error instanceof ApiError ? error.message : 'the server could not be reached');
    }
  };

  return (
    <dialog
      ref={dialog}
      className="conflict-dialog"
      aria-labelledby="conflict-title"
      aria-describedby="conflict-summary"
      onCancel={(event) => {
        event.preventDefault();
        setSaveState({ conflictOpen: false });
      }}
    >
      <h2 id="conflict-title">This workflow was changed by someone else</h2>
      <p id="conflict-summary">
        <strong>{saver}</strong> saved revision {conflict.currentRevision}
        {conflict.updatedAt ? (
          <>
            {' '}
            at <DateTime iso={conflict.updatedAt} /> ({relativeTime(conflict.updatedAt)})
          </>
        ) : null}
        , after revision {baseRevision}, on which your changes are based. Your changes are not saved yet; they stay on the canvas until you choose.
        {conflict.recovered ? ' They were kept from your last visit, when they could not be saved.' : ''}
      </p>
      {theirs.isLoading ? <p aria-busy="true">Loading their version…</p> : null}
      {theirs.error ? (
        <p role="alert" className="error">
          Their version could not be loaded: {theirs.error.message}
        </p>
      ) : null}
      {theirDefinition ? (
        <div className="conflict-diffs">
          {base ? (
            <>
              <section aria-labelledby="conflict-theirs">
                <h3 id="conflict-theirs">
                  Their changes (revision {baseRevision} → {theirRevision})
                </h3>
                <DiffList diff={diffWorkflows(base, theirDefinition)} nameOf={nameOf} label="Their changes" />
              </section>
              <section aria-labelledby="conflict-mine">
                <h3 id="conflict-mine">Your unsaved changes</h3>
                <DiffList diff={diffWorkflows(base, mine)} nameOf={nameOf} label="Your changes" />
              </section>
            </>
          ) : (
            <section aria-labelledby="conflict-both">
              <h3 id="conflict-both">From their version (revision {theirRevision}) to yours</h3>
              <DiffList diff={diffWorkflows(theirDefinition, mine)} nameOf={nameOf} label="Differences" />
            </section>
          )}
        </div>
      ) : null}
      {failure ? (
        <p role="alert" className="error">
          {failure}
        </p>
      ) : null}
      {confirming ? (
        <div className="conflict-confirm" role="group" aria-label="Confirm reload">
          <p>
            Discard your unsaved changes and load revision {theirRevision}? This cannot be undone.
          </p>
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => setConfirming(false)} disabled={busy} autoFocus>
              Back
            </button>
            <button type="button" className="button danger" onClick={() => void reload()} disabled={busy}>
              Discard my changes and reload
            </button>
          </div>
        </div>
      ) : (
        <div className="dialog-actions">
          <button type="button" className="button subtle" onClick={() => setSaveState({ conflictOpen: false })} disabled={busy}>
            Decide later
          </button>
          <button type="button" className="button" onClick={() => setConfirming(true)} disabled={busy}>
            Reload theirs
          </button>
          <button type="button" className="button primary" onClick={() => void overwrite()} disabled={busy}>
            Overwrite with mine
          </button>
        </div>
      )}
    </dialog>
  );
}
