import { PanelLeftClose, Search } from 'lucide-react';
import { useMemo, useState, type KeyboardEvent } from 'react';
import { nodeCatalog } from '../../../../nodes/catalog.js';
import { paletteGroups } from '../model/palette-groups.js';
import { useEditorStore } from '../store/editor-context.js';
import { ApiConnectorSections } from './api-connector-section.js';
import { PaletteEntry } from './palette-entry.js';
import { PaletteSystemSection } from './palette-system.js';
import { useClickToAdd } from './use-click-to-add.js';

/**
 * The node palette: every node type of the catalog (newest version), grouped by category and, for
 * connectors, by external system (collapsed until opened or searched), with a search over title,
 * type, system and description. Entries are dragged onto the canvas or added by click or
 * Enter (next to the selection, or in free space near the middle); Enter in the search box adds the
 * first match, Down moves into the list.
 */
export function Palette() {
  const [query, setQuery] = useState('');
  const groups = useMemo(() => paletteGroups(nodeCatalog, query), [query]);
  const clickToAdd = useClickToAdd();
  const setPanelLayout = useEditorStore((state) => state.setPanelLayout);

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      const first = groups[0]?.specs[0];
      if (first) clickToAdd(first.type);
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      event.currentTarget.closest('.palette')?.querySelector<HTMLButtonElement>('.palette-entry')?.focus();
    } else if (event.key === 'Escape' && query !== '') {
      event.stopPropagation();
      setQuery('');
    }
  };

  return (
    <aside className="palette" aria-label="Node palette">
      <div className="palette-head">
        <label className="palette-search">
          <Search size={14} aria-hidden="true" />
          <input type="search" placeholder="Search nodes" aria-label="Search nodes" value={query} onChange={(event) => setQuery(event.target.value)} onKeyDown={onSearchKey} />
        </label>
        <button type="button" className="icon-button" aria-label="Close the node palette" title="Close the node palette" onClick={() => setPanelLayout({ paletteOpen: false })}>
          <PanelLeftClose size={16} aria-hidden="true" />
        </button>
      </div>
      <div className="palette-groups">
        {groups.map((group) => (
          <section key={group.category} className="palette-group" aria-labelledby={`palette-group-${group.category}`}>
            <h3 id={`palette-group-${group.category}`}>{group.label}</h3>
            {group.ungrouped.length > 0 ? (
              <ul>
                {group.ungrouped.map((spec) => (
                  <PaletteEntry key={spec.type} spec={spec} onAdd={clickToAdd} />
                ))}
              </ul>
            ) : null}
            {group.systems.map((system) => (
              <PaletteSystemSection key={system.name} system={system} open={query.trim() !== ''} onAdd={clickToAdd} />
            ))}
          </section>
        ))}
        <ApiConnectorSections query={query} onAdd={clickToAdd} />
        {groups.length === 0 && query !== '' ? <p className="palette-empty">No built-in node type matches “{query}”.</p> : null}
      </div>
    </aside>
  );
}
