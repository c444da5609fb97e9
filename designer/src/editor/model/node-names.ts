/** A trailing counter (" 2") that a name may already carry. */
const COUNTER = /\s+\d+$/;

/**
 * A name for a new node that no node in `taken` has (compared without case or surrounding
 * spaces): the wanted name when it is free, else its base with the smallest free counter —
 * "Transform", "Transform 2", "Transform 3". A copy of "Transform 2" becomes "Transform 3", never
 * "Transform 2 2". Names are what people read on the canvas, in problems and run traces, so two
 * nodes should not share one.
 */
export function uniqueName(wanted: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map(normalise));
  const name = wanted.trim() || 'Node';
  if (!used.has(normalise(name))) return name;
  const base = name.replace(COUNTER, '') || name;
  for (let counter = 2; ; counter++) {
    const candidate = `${base} ${counter}`;
    if (!used.has(normalise(candidate))) return candidate;
  }
}

function normalise(name: string): string {
  return name.trim().toLowerCase();
}
