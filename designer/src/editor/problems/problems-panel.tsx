/** Placeholder until built (see the editor briefs). */
export function ProblemsPanel() {
  return null;
}
