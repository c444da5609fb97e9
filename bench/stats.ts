/** The value at quantile `q` (0..1) of `samples` (nearest rank). */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] as number;
}

/** A number with thousands separators and `digits` decimals. */
export function format(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** "✓ met" or "✗ missed" for a target check. */
export function verdict(met: boolean): string {
  return met ? '✓ met' : '✗ missed';
}
