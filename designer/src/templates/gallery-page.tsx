import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useWorkspace } from '../app/workspace.js';
import { EmptyState, ErrorState, LoadingState } from '../shared/page-state.js';
import { useTemplates, type TemplateSummary } from './api.js';
import { categoryCounts, filterTemplates, systemsOf } from './gallery-filter.js';
import './templates.css';

/** One template's card: what it does, what it needs, and the way to its page. */
function TemplateCard({ template, onTag }: { template: TemplateSummary; onTag: (tag: string) => void }) {
  const titleId = `template-${template.slug}`;
  const systems = systemsOf(template);
  return (
    <li className="template-card" aria-labelledby={titleId}>
      <p className="template-category">{template.category}</p>
      <h2 id={titleId}>
        <Link to={template.slug}>{template.title}</Link>
      </h2>
      <p>{template.summary}</p>
      <p className="muted small">{systems.length > 0 ? `Connects to ${systems.join(', ')}` : 'No external systems'} · version {template.version}</p>
      <ul className="template-tags" aria-label={`Tags of ${template.title}`}>
        {template.tags.map((tag) => (
          <li key={tag}>
            <button type="button" className="tag-chip" onClick={() => onTag(tag)}>
              {tag}
            </button>
          </li>
        ))}
      </ul>
    </li>
  );
}

/**
 * The template gallery: every template the workspace can clone, found by a search, a category or
 * a tag (kept in the address so a filtered gallery can be shared), each leading to its page.
 */
export function GalleryPage() {
  const { tenant } = useWorkspace();
  const templates = useTemplates(tenant.id);
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const category = params.get('category') ?? '';
  const tag = params.get('tag') ?? '';
  const set = (key: 'search' | 'category' | 'tag', value: string) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (value === '') next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );
  const shown = useMemo(() => filterTemplates(templates.data ?? [], { search, category, tag }), [templates.data, search, category, tag]);
  const categories = useMemo(() => categoryCounts(templates.data ?? []), [templates.data]);
  const filtered = search !== '' || category !== '' || tag !== '';

  return (
    <section className="template-gallery" aria-labelledby="templates-title">
      <div className="toolbar">
        <h1 id="templates-title">Templates</h1>
        <input type="search" placeholder="Search templates" aria-label="Search templates" value={search} onChange={(event) => set('search', event.target.value)} />
        <select aria-label="Category" value={category} onChange={(event) => set('category', event.target.value)}>
          <option value="">All categories ({templates.data?.length ?? 0})</option>
          {categories.map(([category, count]) => (
            <option key={category} value={category}>
              {category} ({count})
            </option>
          ))}
        </select>
        {tag !== '' ? (
          <button type="button" className="button small" onClick={() => set('tag', '')}>
            Tag: {tag} ×
          </button>
        ) : null}
      </div>
      <p className="muted">Packaged workflows to start from: pick one, fill in its parameters and connections, test it against your systems, then send it for sign-off.</p>
      {templates.isPending ? <LoadingState label="Loading templates…" /> : null}
      {templates.isError ? <ErrorState title="The templates could not be loaded" error={templates.error} onRetry={() => void templates.refetch()} /> : null}
      {templates.data && shown.length === 0 ? (
        <EmptyState title={filtered ? 'No template matches' : 'No templates yet'}>
          {filtered ? (
            <button type="button" className="button" onClick={() => setParams({}, { replace: true })}>
              Clear filters
            </button>
          ) : (
            <p>Your partner has not published any templates, and none are installed.</p>
          )}
        </EmptyState>
      ) : null}
      {shown.length > 0 ? (
        <>
          <p role="status" className="muted small">
            {shown.length === templates.data?.length ? `${shown.length} templates` : `${shown.length} of ${templates.data?.length ?? 0} templates`}
          </p>
          <ul className="template-grid">
            {shown.map((template) => (
              <TemplateCard key={template.slug} template={template} onTag={(tag) => set('tag', tag)} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
