import { ArrowLeft } from 'lucide-react';
import { Suspense, lazy, useCallback, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { WorkflowDefinition } from '../../../runtime/definition/index.js';
import type { ImpactReport } from '../../../server/contract/impact-preview.js';
import { ApiError } from '../app/api-client.js';
import type { Activation, WorkflowVersion } from '../app/api-types.js';
import { can } from '../app/permissions.js';
import { useWorkspace, workspacePath } from '../app/workspace.js';
import { toDefinition, toFlow } from '../editor/model/flow-graph.js';
import { DiffList } from '../shared/diff/diff-list.js';
import { ErrorState, LoadingState } from '../shared/page-state.js';
import { useActivations, useDraft, useVersionDetail, useVersions } from './api.js';
import { ChangeDetails } from './compare/change-details.js';
import { CompareCanvas, type FocusRequest } from './compare/compare-canvas.js';
import { SidePicker } from './compare/side-picker.js';
import { SignOffPanel } from './compare/sign-off-panel.js';
import { ImpactPanel } from './impact/impact-panel.js';
import { ImpactView } from './impact/impact-view.js';
import { compareDefinitions } from './model/comparison.js';
import { defaultSides, parseSide, sideLabel, type CompareSide } from './model/compare-sides.js';
import './versions.css';

const JsonDiff = lazy(() => import('./compare/json-diff.js'));

/** A definition as the canvas draws it (a draft that does not validate yet gets its defaults). */
function asDefinition(raw: Record<string, unknown>): WorkflowDefinition {
  const flow = toFlow(raw);
  return toDefinition(flow.meta, flow.nodes, flow.edges);
}

/** The definition of one side: a version's, the draft's, or none at all. */
function useSide(tenantId: string, workflowId: string, side: CompareSide) {
  const version = useVersionDetail(tenantId, workflowId, typeof side === 'number' ? side : null);
  const draft = useDraft(tenantId, workflowId, side === 'draft');
  const query = side === 'draft' ? draft : version;
  const definition = useMemo(() => {
    if (side === 'none') return null;
    const raw = side === 'draft' ? draft.data?.draft : version.data?.definition;
    return raw ? asDefinition(raw) : undefined;
  }, [side, draft.data, version.data]);
  return { definition, pending: side !== 'none' && query.isPending, error: side === 'none' ? null : query.error, retry: () => void query.refetch() };
}

type View = 'canvas' | 'json' | 'impact';

const VIEW_LABELS: Readonly<Record<View, string>> = { canvas: 'Canvas', json: 'JSON', impact: 'Impact preview' };

/**
 * Two versions of a workflow, or a version and the draft, compared: the summary line, both drawn on
 * one canvas (or the two JSON documents side by side), each changed node's fields before and after,
 * and — for a version — its sign-off, Activate or Roll back, and Restore into draft. The address
 * names both sides (`?from=2&to=3`, `to=draft`, `from=none`), so a link opens this comparison.
 */
export function ComparePage() {
  const workspace = useWorkspace();
  const tenantId = workspace.tenant.id;
  const { workflowId = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const versions = useVersions(tenantId, workflowId);
  const activations = useActivations(tenantId, workflowId);
  const back = workspacePath(tenantId, `workflows/${encodeURIComponent(workflowId)}`);
  const asked = { from: parseSide(search.get('from')), to: parseSide(search.get('to')) };
  const badSide = (['from', 'to'] as const).find((key) => search.get(key) !== null && asked[key] === undefined);
  if (versions.isPending || activations.isPending) return <LoadingState label="Loading the versions…" />;
  if (versions.isError || activations.isError) {
    const error = versions.error ?? activations.error;
    const missing = error instanceof ApiError && error.status === 404;
    return (
      <ErrorState title={missing ? 'Workflow not found' : 'The versions could not be loaded'} error={error} onRetry={missing ? undefined : () => void versions.refetch()}>
        <p>
          <Link to={workspacePath(tenantId, 'workflows')}>Back to the workflows of {workspace.tenant.name}</Link>
        </p>
      </ErrorState>
    );
  }
  if (badSide) {
    return (
      <ErrorState title="Nothing to compare" error={new Error(`"${search.get(badSide) ?? ''}" in ${badSide}= is not a version number, "draft" or "none"`)}>
        <p>
          <Link to={back}>Back to the workflow</Link>
        </p>
      </ErrorState>
    );
  }
  const activeVersion = versions.data.find((version) => version.active)?.version ?? null;
  const sides = defaultSides({ versions: versions.data, activeVersion }, asked);
  return (
    <Comparison
      key={`${sides.from}:${sides.to}`}
      tenantId={tenantId}
      workflowId={workflowId}
      from={sides.from}
      to={sides.to}
      versions={versions.data}
      activations={activations.data}
      back={back}
      onSides={(next) => setSearch({ from: String(next.from), to: String(next.to) })}
    />
  );
}

function Comparison({
  tenantId,
  workflowId,
  from,
  to,
  versions,
  activations,
  back,
  onSides,
}: {
  tenantId: string;
  workflowId: string;
  from: CompareSide;
  to: CompareSide;
  versions: readonly WorkflowVersion[];
  activations: readonly Activation[];
  back: string;
  onSides: (sides: { from: CompareSide; to: CompareSide }) => void;
}) {
  const workspace = useWorkspace();
  const before = useSide(tenantId, workflowId, from);
  const after = useSide(tenantId, workflowId, to);
  const [view, setView] = useState<View>('canvas');
  const [impact, setImpact] = useState<ImpactReport | null>(null);
  const baseline = useSide(tenantId, workflowId, impact ? impact.baselineVersion : 'none');
  const [jsonShown, setJsonShown] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [focus, setFocus] = useState<FocusRequest | null>(null);
  const onSelect = useCallback((nodeId: string | null) => setSelected(nodeId), []);
  const show = useCallback((nodeId: string) => setFocus((current) => ({ nodeId, count: (current?.count ?? 0) + 1 })), []);
  const afterDefinition = after.definition;
  // "Nothing": the later side's workflow without nodes, so only the nodes and edges show as added.
  const beforeDefinition = useMemo(
    () => (before.definition === null && afterDefinition ? { ...afterDefinition, nodes: [], edges: [] } : before.definition),
    [before.definition, afterDefinition],
  );
  const comparison = useMemo(() => (beforeDefinition && afterDefinition ? compareDefinitions(beforeDefinition, afterDefinition) : null), [beforeDefinition, afterDefinition]);
  const texts = useMemo(
    () => (beforeDefinition && afterDefinition ? { before: JSON.stringify(beforeDefinition, null, 2), after: JSON.stringify(afterDefinition, null, 2) } : null),
    [beforeDefinition, afterDefinition],
  );
  const toVersion = typeof to === 'number' ? versions.find((version) => version.version === to) : undefined;
  const activeVersion = versions.find((version) => version.active)?.version ?? null;
  const views: View[] = impact ? ['canvas', 'json', 'impact'] : ['canvas', 'json'];
  const showImpact = (report: ImpactReport) => {
    setImpact(report);
    setView('impact');
  };
  const title = `Compare ${sideLabel(from)} with ${sideLabel(to)}`;
  const failed = before.error ?? after.error;
  const names = useMemo(() => new Map((comparison?.merged.nodes ?? []).map((node) => [node.id, node.name])), [comparison]);
  const chooseView = (next: View) => {
    setView(next);
    if (next === 'json') setJsonShown(true);
  };
  const name = afterDefinition?.name ?? beforeDefinition?.name ?? 'the workflow';
  return (
    <section className="compare-page" aria-labelledby="compare-title">
      <header className="compare-header">
        <Link to={back} className="button subtle back-link">
          <ArrowLeft size={16} aria-hidden="true" />
          {name}
        </Link>
        <h1 id="compare-title">{title}</h1>
        <SidePicker versions={versions} activations={activations} from={from} to={to} onChange={onSides} />
        {comparison ? (
          <p className="compare-summary" role="status" data-testid="compare-summary">
            {comparison.summary}
          </p>
        ) : null}
      </header>
      {failed ? (
        <ErrorState title="This comparison could not be loaded" error={failed} onRetry={failed === before.error ? before.retry : after.retry} />
      ) : !comparison || !beforeDefinition || !afterDefinition || !texts ? (
        <LoadingState label="Loading both sides…" />
      ) : (
        <div className="compare-body">
          <div className="compare-main">
            <div role="tablist" aria-label="Views" className="tabs compare-tabs">
              {views.map((entry) => (
                <button
                  key={entry}
                  id={`compare-tab-${entry}`}
                  type="button"
                  role="tab"
                  aria-selected={view === entry}
                  aria-controls={`compare-panel-${entry}`}
                  className={view === entry ? 'tab active' : 'tab'}
                  onClick={() => chooseView(entry)}
                >
                  {VIEW_LABELS[entry]}
                </button>
              ))}
            </div>
            <div role="tabpanel" id="compare-panel-canvas" aria-labelledby="compare-tab-canvas" className="compare-view" hidden={view !== 'canvas'}>
              <CompareCanvas comparison={comparison} label={`${title} (read-only)`} focus={focus} onSelect={onSelect} />
            </div>
            {jsonShown ? (
              <div role="tabpanel" id="compare-panel-json" aria-labelledby="compare-tab-json" className="compare-view json-diff" hidden={view !== 'json'}>
                <Suspense fallback={<LoadingState label="Loading the JSON comparison…" />}>
                  <JsonDiff
                    original={texts.before}
                    modified={texts.after}
                    originalPath={`compare/${tenantId}/${workflowId}/${from}.json`}
                    modifiedPath={`compare/${tenantId}/${workflowId}/${to}.json`}
                    originalLabel={`${sideLabel(from)} (JSON, read-only)`}
                    modifiedLabel={`${sideLabel(to)} (JSON, read-only)`}
                  />
                </Suspense>
              </div>
            ) : null}
            {impact ? (
              <div role="tabpanel" id="compare-panel-impact" aria-labelledby="compare-tab-impact" className="compare-view impact-pane" hidden={view !== 'impact'}>
                <ImpactView report={impact} baseline={baseline.definition ?? undefined} previewed={afterDefinition} />
              </div>
            ) : null}
          </div>
          <aside className="compare-side" aria-label="Sign-off and changes">
            {toVersion ? (
              <SignOffPanel version={toVersion} activations={activations} activeVersion={activeVersion} />
            ) : to === 'draft' ? (
              <p className="muted draft-note">The draft is work in progress: it is signed off once submitted as a version, from the editor.</p>
            ) : null}
            {toVersion && can(workspace, 'version.preview') ? (
              <ImpactPanel tenantId={tenantId} workflowId={workflowId} version={toVersion.version} activeVersion={activeVersion} report={impact} onReport={showImpact} />
            ) : null}
            <section className="changes" aria-labelledby="changes-title">
              <h2 id="changes-title">Changes</h2>
              <ChangeDetails comparison={comparison} before={beforeDefinition} after={afterDefinition} selected={selected} onShow={show} />
              <details className="all-changes">
                <summary>Every change, listed</summary>
                <DiffList diff={comparison.diff} nameOf={(id) => names.get(id) ?? id} label="Every change" />
              </details>
            </section>
          </aside>
        </div>
      )}
    </section>
  );
}
