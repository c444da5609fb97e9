/** Placeholder until built (see the editor briefs). */
export function JsonView() {
  return null;
}
