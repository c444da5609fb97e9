import { createElement } from 'react';
import { nodeIcon } from './node-icons.js';

/** A node type's icon by the name its spec gives (a generic box when unknown). */
export function NodeIcon({ name, size = 16 }: { name: string | undefined; size?: number }) {
  return createElement(nodeIcon(name), { size, 'aria-hidden': true });
}
