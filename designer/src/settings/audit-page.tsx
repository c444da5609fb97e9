import { useId, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import type { AuditEntry, AuditPage as AuditPageData, AuditVerification } from '../app/api-types.js';
import { DateTime } from '../app/date-time.js';
import { useWorkspace } from '../app/workspace.js';
import { EmptyState, ErrorState, LoadingState } from '../shared/page-state.js';
import { useAudit, useAuditVerification, useMembers, type AuditFilter } from './api.js';
import { TableHead } from '../shared/table-head.js';

/** Actors that are not people, in words. */
const SYSTEM_ACTORS: Readonly<Record<string, string>> = {
  'system:webhook': 'a webhook',
  'system:schedule': 'a schedule',
  'system:engine': 'the engine',
  'system:cli': 'the command line',
  system: 'Flowgate',
};

/**
 * The workspace's audit log: every change, who made it and when, filtered by actor, action, target
 * and time (kept in the address); each entry's before/after digests; and whether the hash chain
 * verifies — or the first entry where it breaks.
 */
export function AuditPage() {
  const { tenant } = useWorkspace();
  const [params, setParams] = useSearchParams();
  const filter: AuditFilter = { action: params.get('action') ?? '', actorId: params.get('actorId') ?? '', targetId: params.get('targetId') ?? '', from: params.get('from') ?? '', to: params.get('to') ?? '' };
  const after = Number(params.get('after') ?? '0') || 0;
  const page = useAudit(tenant.id, filter, after);
  const verification = useAuditVerification(tenant.id);
  const show = (next: Partial<AuditFilter> & { after?: number }) =>
    setParams((previous) => {
      const merged = new URLSearchParams(previous);
      for (const [key, value] of Object.entries(next)) {
        if (value === '' || value === 0 || value === undefined) merged.delete(key);
        else merged.set(key, String(value));
      }
      return merged;
    });
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <p className="page-intro">Every change in {tenant.name}, oldest first. Each entry holds the hash of the one before it, so no entry can be changed, removed or reordered unnoticed.</p>
      <ChainStatus verification={verification.data} error={verification.error} onShow={(seq) => show({ ...emptyFilter(), after: Math.max(0, seq - 1) })} />
      <Filters key={JSON.stringify(filter)} tenantId={tenant.id} filter={filter} onApply={(next) => show({ ...next, after: 0 })} />
      {page.isPending ? <LoadingState label="Loading the audit log…" /> : null}
      {page.isError ? <ErrorState title="The audit log could not be loaded" error={page.error} onRetry={() => void page.refetch()} /> : null}
      {page.data?.items.length === 0 ? <EmptyState title={after > 0 ? 'No more entries' : 'No entries match'} /> : null}
      {page.data && page.data.items.length > 0 ? <Entries data={page.data} brokenAt={verification.data && !verification.data.ok ? verification.data.brokenAt : undefined} /> : null}
      <div className="pager">
        {after > 0 ? (
          <button type="button" className="button" onClick={() => show({ after: 0 })}>
            First page
          </button>
        ) : null}
        {page.data?.nextAfter ? (
          <button type="button" className="button" onClick={() => show({ after: page.data.nextAfter ?? 0 })}>
            Next page
          </button>
        ) : null}
      </div>
    </section>
  );
}

function emptyFilter(): AuditFilter {
  return { action: '', actorId: '', targetId: '', from: '', to: '' };
}

function ChainStatus({ verification, error, onShow }: { verification: AuditVerification | undefined; error: unknown; onShow: (seq: number) => void }) {
  if (error) return <p className="notice warn">The chain could not be verified just now.</p>;
  if (!verification) return <p className="muted">Verifying the chain…</p>;
  if (verification.ok) {
    return (
      <p className="notice" role="status" data-testid="audit-chain">
        Chain verified: {verification.entries} entries{verification.head ? ` up to #${verification.head.seq} (hash ${verification.head.hash.slice(0, 12)}…)` : ''}.
      </p>
    );
  }
  return (
    <div className="notice bad" role="alert" data-testid="audit-chain">
      The chain is broken at entry #{verification.brokenAt}: {verification.reason}. Entries from there on cannot be trusted.{' '}
      <button type="button" className="button" onClick={() => onShow(verification.brokenAt)}>
        Show entry #{verification.brokenAt}
      </button>
    </div>
  );
}

function Filters({ tenantId, filter, onApply }: { tenantId: string; filter: AuditFilter; onApply: (filter: AuditFilter) => void }) {
  const [draft, setDraft] = useState(filter);
  const members = useMembers(tenantId).data ?? [];
  const actorId = useId();
  const known = new Set([...members.map((member) => member.userId), ...Object.keys(SYSTEM_ACTORS)]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  const field = (key: keyof AuditFilter, label: string, type = 'text', placeholder = '') => (
    <label>
      {label}
      <input type={type} value={draft[key]} placeholder={placeholder} onChange={(event) => setDraft({ ...draft, [key]: event.target.value })} />
    </label>
  );
  return (
    <form className="audit-filters" onSubmit={submit} aria-label="Filter the audit log">
      {field('action', 'Action', 'text', 'e.g. member.remove')}
      <span className="field">
        <label htmlFor={actorId}>Who</label>
        <select id={actorId} value={draft.actorId} onChange={(event) => setDraft({ ...draft, actorId: event.target.value })}>
          <option value="">Anyone</option>
          {members.map((member) => (
            <option key={member.userId} value={member.userId}>
              {member.name}
            </option>
          ))}
          {Object.entries(SYSTEM_ACTORS).map(([id, words]) => (
            <option key={id} value={id}>
              {words.charAt(0).toUpperCase() + words.slice(1)}
            </option>
          ))}
          {draft.actorId && !known.has(draft.actorId) ? <option value={draft.actorId}>{draft.actorId}</option> : null}
        </select>
      </span>
      {field('targetId', 'Target id')}
      {field('from', 'From', 'datetime-local')}
      {field('to', 'Until', 'datetime-local')}
      <button type="submit" className="button primary">
        Filter
      </button>
      <button
        type="button"
        className="button"
        onClick={() => {
          setDraft(emptyFilter());
          onApply(emptyFilter());
        }}
      >
        Clear
      </button>
    </form>
  );
}

function Entries({ data, brokenAt }: { data: AuditPageData; brokenAt: number | undefined }) {
  const actor = (entry: AuditEntry) => {
    const known = data.actors[entry.actorId];
    if (known?.kind === 'service-account') return `${known.name} (service account)`;
    return known?.name ?? SYSTEM_ACTORS[entry.actorId] ?? entry.actorId;
  };
  return (
    <table className="table">
      <TableHead caption="Audit entries" columns={['#', 'When', 'Who', 'Action', 'Target', 'Details', 'Before → after']} />
      <tbody>
        {data.items.map((entry) => (
          <tr key={entry.seq} className={entry.seq === brokenAt ? 'broken-entry' : undefined}>
            <td className="numbers">{entry.seq}</td>
            <td>
              <DateTime iso={entry.createdAt} />
            </td>
            <td title={data.actors[entry.actorId]?.email || entry.actorId}>{actor(entry)}</td>
            <td>
              <code>{entry.action}</code>
            </td>
            <td>
              {entry.targetType} <span className="digest">{entry.targetId}</span>
            </td>
            <td>{Object.keys(entry.details).length > 0 ? <pre className="audit-details">{JSON.stringify(entry.details)}</pre> : null}</td>
            <td className="digest">
              <Digest value={entry.beforeDigest} /> → <Digest value={entry.afterDigest} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A SHA-256 digest, shortened, whole in its tooltip. */
function Digest({ value }: { value: string | null }) {
  if (value === null) return <span className="muted">—</span>;
  return <abbr title={value}>{value.slice(0, 10)}…</abbr>;
}
