/** Placeholder until built (see the editor briefs). */
export function TestRunPanel() {
  return null;
}
