/** Placeholder until built (see the editor briefs). */
export function ConflictDialog() {
  return null;
}
