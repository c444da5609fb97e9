import type { NodeImplementation } from '../runtime/definition/index.js';
import { nodeList } from './catalog.js';
import { loadNodeImplementations } from './node-registry.js';

export { nodeCatalog } from './catalog.js';

/**
 * Every node type the runtime can execute: the node list's specs with their execute functions,
 * loaded once when this module is first imported (a folder without its execute stops startup).
 */
export const nodeImplementations: readonly NodeImplementation[] = await loadNodeImplementations(
  nodeList,
  (path) => import(/* @vite-ignore */ `./${path}`),
);
