import { stableGraphInput } from '../model/graph-compare.js';

export type { GraphInput } from '../model/graph-compare.js';

/**
 * The graph as validation sees it, as the same object until a node's id or data, an edge's ends or
 * the meta change: selecting, dragging and measuring give new arrays but the same input, so
 * nothing is validated again for them.
 */
export const selectGraphInput = stableGraphInput('ignore');
