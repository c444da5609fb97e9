const whole = new Intl.NumberFormat('en-GB');
const percent = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 });

/** A count as "1,234". */
export function countText(value: number): string {
  return whole.format(value);
}

/** A share (0–1) as "97.5%", or "—" when there is nothing to share. */
export function shareText(value: number | null): string {
  return value === null ? '—' : percent.format(value);
}

/** A bucket's start as its label: "14:00" for hours (with the day at midnight), "5 Dec" for days. */
export function bucketLabel(iso: string, bucket: 'hour' | 'day'): string {
  const time = new Date(iso);
  if (bucket === 'day') return time.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' });
  return time.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
}

/** A bucket's span: its start and the next bucket's start. */
export function bucketSpan(iso: string, bucket: 'hour' | 'day'): { from: Date; to: Date } {
  const from = new Date(iso);
  return { from, to: new Date(from.getTime() + (bucket === 'hour' ? 3_600_000 : 86_400_000)) };
}
