import { stableGraphInput, type GraphInput } from '../model/graph-compare.js';

export type { GraphInput } from '../model/graph-compare.js';

/**
 * A selector of the graph as validation sees it, as the same object until a node's id or data, an
 * edge's ends or the meta change: selecting, dragging and measuring give new arrays but the same
 * input, so nothing is validated again for them. One per editor store (it remembers the last input).
 */
export function createGraphInputSelector(): (state: GraphInput) => GraphInput {
  return stableGraphInput('ignore');
}
