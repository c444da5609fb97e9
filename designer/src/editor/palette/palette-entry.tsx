import { memo } from 'react';
import type { NodeSpec } from '../../../../runtime/definition/index.js';
import { categoryClass } from '../canvas/category-class.js';
import { NodeIcon } from '../canvas/node-icon.js';
import { startNodeDrag } from './node-drag.js';
import { moveFocus } from './palette-keys.js';

/** One node type in the palette: drag it onto the canvas, or click it (Enter) to add it next to the selection or in free space. */
export const PaletteEntry = memo(function PaletteEntry({ spec, onAdd }: { spec: NodeSpec; onAdd: (type: string) => void }) {
  const descriptionId = `palette-${spec.type}-description`;
  return (
    <li>
      <button
        type="button"
        className={`palette-entry ${categoryClass(spec)}`}
        draggable
        onDragStart={(event) => startNodeDrag(event, spec.type)}
        onClick={() => onAdd(spec.type)}
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
