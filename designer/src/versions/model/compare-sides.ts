/** One side of a comparison: a version, the draft, or nothing (a first version is compared with an empty workflow). */
export type CompareSide = number | 'draft' | 'none';

/** A side as the address writes it (`3`, `draft`, `none`). */
export function parseSide(value: string | null): CompareSide | undefined {
  if (value === 'draft' || value === 'none') return value;
  if (value !== null && /^[1-9]\d{0,8}$/.test(value)) return Number(value);
  return undefined;
}

/** The address of the comparison page. */
export function comparePath(workflowId: string, from: CompareSide, to: CompareSide): string {
  return `workflows/${encodeURIComponent(workflowId)}/compare?from=${from}&to=${to}`;
}

/** What the versions of a workflow look like to pick sides from. */
export interface VersionList {
  /** Version numbers, any order. */
  readonly versions: readonly { readonly version: number; readonly status: string }[];
  readonly activeVersion: number | null;
}

/**
 * What to compare when the address does not say: the latest pending version (what awaits sign-off),
 * else the latest version, else the draft — against the active version, or the version before, or
 * nothing for a first version.
 */
export function defaultSides(list: VersionList, asked: { from?: CompareSide; to?: CompareSide }): { from: CompareSide; to: CompareSide } {
  const numbers = list.versions.map((entry) => entry.version).sort((a, b) => b - a);
  const pending = list.versions.filter((entry) => entry.status === 'pending').map((entry) => entry.version).sort((a, b) => b - a);
  const to = asked.to ?? pending[0] ?? numbers[0] ?? 'draft';
  if (asked.from !== undefined) return { from: asked.from, to };
  if (list.activeVersion !== null && list.activeVersion !== to) return { from: list.activeVersion, to };
  const earlier = numbers.find((version) => to === 'draft' || (typeof to === 'number' && version < to));
  return { from: earlier ?? 'none', to };
}

/** A side in words: "version 3", "the draft", "nothing (an empty workflow)". */
export function sideLabel(side: CompareSide): string {
  if (side === 'draft') return 'the draft';
  if (side === 'none') return 'nothing (an empty workflow)';
  return `version ${side}`;
}
