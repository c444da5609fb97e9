/** Placeholder until built (see the editor briefs). */
export function FlowCanvas() {
  return null;
}
