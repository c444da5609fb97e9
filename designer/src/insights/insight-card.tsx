import { useId, type ReactNode } from 'react';

/**
 * One figure of the dashboard: its visible title (which names the region), what it counts, its
 * actions (an export) and its chart and table. `children` receives the title's id, for the
 * table's caption and the export's description.
 */
export function InsightCard({ title, description, actions, wide, children }: { title: string; description?: string; actions?: (titleId: string) => ReactNode; wide?: boolean; children: (titleId: string) => ReactNode }) {
  const titleId = useId();
  return (
    <section className={wide ? 'insight-card wide' : 'insight-card'} aria-labelledby={titleId}>
      <header className="insight-card-head">
        <h2 id={titleId}>{title}</h2>
        {actions?.(titleId)}
      </header>
      {description ? <p className="insight-description">{description}</p> : null}
      {children(titleId)}
    </section>
  );
}

/** What a figure shows when the range holds nothing for it. */
export function NothingInRange({ what }: { what: string }) {
  return <p className="insight-nothing">No {what} in this range.</p>;
}
