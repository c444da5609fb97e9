/** Placeholder until built (see the editor briefs). */
export function SaveIndicator() {
  return null;
}
