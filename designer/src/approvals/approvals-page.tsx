import { useSearchParams } from 'react-router';
import type { ApprovalInbox } from '../app/api-types.js';
import { EmptyState, ErrorState, LoadingState } from '../shared/page-state.js';
import { useApprovalInbox } from './api.js';
import { TaskItem, VersionItem } from './inbox-items.js';
import './approvals.css';

type View = ApprovalInbox['view'];

const TABS: readonly { view: View; label: string }[] = [
  { view: 'waiting', label: 'Waiting for you' },
  { view: 'history', label: 'History' },
];

/** One view of the inbox: its states, its items. */
function InboxList({ view }: { view: View }) {
  const inbox = useApprovalInbox(view);
  if (inbox.isPending) return <LoadingState label={view === 'waiting' ? 'Loading what waits for you…' : 'Loading your decisions…'} />;
  if (inbox.isError) return <ErrorState title="Your approvals could not be loaded" error={inbox.error} onRetry={() => void inbox.refetch()} />;
  const { items, more } = inbox.data;
  if (items.length === 0) {
    return view === 'waiting' ? (
      <EmptyState title="Nothing waits for you">
        <p>Versions submitted for your sign-off and approval tasks of running workflows, in every workspace you belong to, appear here.</p>
      </EmptyState>
    ) : (
      <EmptyState title="No decisions yet">
        <p>Versions you approve or reject and tasks you decide move here.</p>
      </EmptyState>
    );
  }
  return (
    <>
      <ul className="inbox-list" aria-label={view === 'waiting' ? 'Waiting for you, overdue first' : 'Your decisions, newest first'}>
        {items.map((item) =>
          item.kind === 'version' ? (
            <VersionItem key={`v:${item.tenant.id}:${item.workflowId ?? ''}:${item.version}`} item={item} />
          ) : (
            <TaskItem key={`t:${item.taskId}`} item={item} />
          ),
        )}
      </ul>
      {more ? <p className="muted small">Only the first {items.length} are shown; more come up as these are decided.</p> : null}
    </>
  );
}

/**
 * Approvals: one list of what waits for the signed-in user across every workspace they belong to —
 * versions to sign off (the comparison one click away) and approval-gate tasks from running
 * workflows, decided here — overdue first and marked; decided items move to History.
 */
export function ApprovalsPage() {
  const [search, setSearch] = useSearchParams();
  const view: View = search.get('view') === 'history' ? 'history' : 'waiting';
  const waiting = useApprovalInbox('waiting');
  return (
    <section className="approvals-page" aria-labelledby="approvals-title">
      <header className="approvals-header">
        <h1 id="approvals-title">Approvals</h1>
        <p className="muted">What waits for your sign-off or decision, in every workspace you belong to.</p>
      </header>
      <div role="tablist" aria-label="Approvals" className="tabs approvals-tabs">
        {TABS.map((tab) => (
          <button
            key={tab.view}
            id={`approvals-tab-${tab.view}`}
            type="button"
            role="tab"
            aria-selected={view === tab.view}
            aria-controls="approvals-panel"
            className={view === tab.view ? 'tab active' : 'tab'}
            onClick={() => setSearch(tab.view === 'waiting' ? {} : { view: tab.view })}
          >
            {tab.label}
            {tab.view === 'waiting' && waiting.data ? ` (${waiting.data.waiting})` : ''}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="approvals-panel" aria-labelledby={`approvals-tab-${view}`} className="approvals-panel">
        <InboxList view={view} />
      </div>
    </section>
  );
}
