import type { PaletteSystem } from '../model/palette-groups.js';
import { PaletteEntry } from './palette-entry.js';
import { moveFocus } from './palette-keys.js';

/**
 * The operations of one external system (Shopify, Business Central, ...) as a collapsible part of
 * the palette: closed by default so the palette stays short, open while a search is typed.
 */
export function PaletteSystemSection({ system, open, onAdd }: { system: PaletteSystem; open: boolean; onAdd: (type: string) => void }) {
  return (
    <details className="palette-system" open={open}>
      <summary className="palette-system-summary" onKeyDown={moveFocus}>
        {system.name}
        <span className="palette-system-count">{system.specs.length}</span>
      </summary>
      <ul>
        {system.specs.map((spec) => (
          <PaletteEntry key={spec.type} spec={spec} onAdd={onAdd} />
        ))}
      </ul>
    </details>
  );
}
