/** Placeholder until built (see the editor briefs). */
export function Inspector() {
  return null;
}
