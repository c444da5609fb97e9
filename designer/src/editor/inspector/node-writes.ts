import type { PathSegment } from '../../../../runtime/definition/index.js';
import { updateAt } from '../model/field-values.js';
import type { DefinitionMeta } from '../model/flow-graph.js';
import type { EditorStore } from '../store/editor-store.js';

/**
 * Writes `value` at `path` inside a node's data (`['config', 'url']`, `['retry', 'maxAttempts']`,
 * `['name']`) through `store.updateNode`, so it is one undoable edit. Reads the node at the
 * moment of writing, never a stale copy from a render.
 */
export function writeNodeField(store: EditorStore, nodeId: string, path: readonly PathSegment[], value: unknown): void {
  const { nodes, updateNode } = store.getState();
  const node = nodes.find((candidate) => candidate.id === nodeId);
  const [key, ...rest] = path;
  if (!node || typeof key !== 'string') return;
  updateNode(nodeId, { [key]: updateAt(node.data[key], rest, value) });
}

/** Writes `value` at `path` inside the workflow's meta (name, description, params, settings) through `store.setMeta`. */
export function writeMetaField(store: EditorStore, path: readonly PathSegment[], value: unknown): void {
  const { meta, setMeta } = store.getState();
  const [key, ...rest] = path;
  if (typeof key !== 'string' || !Object.hasOwn(meta, key)) return;
  setMeta({ [key]: updateAt(meta[key as keyof DefinitionMeta], rest, value) });
}
