/** What the gallery filters a template by. */
export interface GalleryItem {
  readonly title: string;
  readonly summary: string;
  readonly category: string;
  readonly tags: readonly string[];
  readonly connectors: readonly { readonly system: string }[];
}

/** The gallery's filters: a search text, a category and a tag ('' for any). */
export interface GalleryFilter {
  readonly search: string;
  readonly category: string;
  readonly tag: string;
}

/**
 * The templates that match every filter: each word of the search found in the title, summary,
 * category, tags or connected systems (any case); the category and the tag exactly.
 */
export function filterTemplates<T extends GalleryItem>(templates: readonly T[], filter: GalleryFilter): T[] {
  const words = filter.search.toLowerCase().split(/\s+/).filter(Boolean);
  return templates.filter((template) => {
    if (filter.category !== '' && template.category !== filter.category) return false;
    if (filter.tag !== '' && !template.tags.includes(filter.tag)) return false;
    const text = [template.title, template.summary, template.category, ...template.tags, ...template.connectors.map((connector) => connector.system)].join(' ').toLowerCase();
    return words.every((word) => text.includes(word));
  });
}

/** The categories of the templates with how many each holds, by name. */
export function categoryCounts(templates: readonly GalleryItem[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const template of templates) counts.set(template.category, (counts.get(template.category) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a.localeCompare(b));
}

/** The systems a template connects to, each once. */
export function systemsOf(template: Pick<GalleryItem, 'connectors'>): string[] {
  return [...new Set(template.connectors.map((connector) => connector.system))];
}
