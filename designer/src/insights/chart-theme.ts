/**
 * The colours of the Insights charts: the workspace's brand (set by app/branding.ts, darkened where
 * needed to stand 3:1 against the page) for plain series, and fixed meanings for run outcomes and
 * severities so a failure reads as one whatever the brand's colours are.
 */
export const CHART_COLOURS = {
  primary: 'var(--brand-primary-graphic)',
  accent: 'var(--brand-accent-graphic)',
  succeeded: 'var(--ok)',
  failed: 'var(--danger)',
  cancelled: '#64748b',
  axis: 'var(--text-muted)',
  grid: 'var(--border)',
} as const;

/** Severities from the most to the least urgent, with their colours (3:1 or more on white). */
export const SEVERITY_COLOURS = { critical: '#7f1d1d', high: '#b91c1c', medium: '#b45309', low: '#15803d' } as const;

/** The tick labels' style on both axes. */
export const AXIS_TICK = { fill: CHART_COLOURS.axis, fontSize: 12 } as const;
