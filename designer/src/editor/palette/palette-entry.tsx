import { memo } from 'react';
import type { NodeSpec } from '../../../../runtime/definition/index.js';
import type { NodePreset } from '../store/graph-slice.js';
import { categoryClass } from '../canvas/category-class.js';
import { NodeIcon } from '../canvas/node-icon.js';
import { startNodeDrag } from './node-drag.js';
import { moveFocus } from './palette-keys.js';

/** What a palette entry shows and adds: a node type, or an imported API operation (a `key` and what it presets). */
export type PaletteItem = Pick<NodeSpec, 'type' | 'title' | 'description' | 'icon' | 'category'> & { readonly key?: string; readonly preset?: NodePreset };

/** One node type in the palette: drag it onto the canvas, or click it (Enter) to add it next to the selection or in free space. */
export const PaletteEntry = memo(function PaletteEntry({ spec, onAdd }: { spec: PaletteItem; onAdd: (type: string, preset?: NodePreset) => void }) {
  const descriptionId = `palette-${(spec.key ?? spec.type).replace(/[^A-Za-z0-9_-]/g, '-')}-description`;
  return (
    <li>
      <button
        type="button"
        className={`palette-entry ${categoryClass(spec)}`}
        draggable
        onDragStart={(event) => startNodeDrag(event, spec.type, spec.preset)}
        onClick={() => onAdd(spec.type, spec.preset)}
        onKeyDown={moveFocus}
        aria-describedby={descriptionId}
        title={`${spec.description}\n\nDrag onto the canvas, or press Enter to add it next to the selected node (or in free space).`}
      >
        <span className="palette-entry-icon">
          <NodeIcon name={spec.icon} />
        </span>
        <span className="palette-entry-text">
          <span className="palette-entry-title">{spec.title}</span>
          {/* Hidden from the name (the title is), read as the description (aria-describedby reads hidden text). */}
          <span className="palette-entry-description" id={descriptionId} aria-hidden="true">
            {spec.description}
          </span>
        </span>
      </button>
    </li>
  );
});
