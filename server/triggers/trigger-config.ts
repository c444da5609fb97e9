import { nodeCatalog } from '../../nodes/catalog.js';
import type { WorkflowNode } from '../../runtime/definition/index.js';

/** A trigger node's config with its spec's defaults applied (saved definitions keep only what was set). */
export function triggerConfig<T>(node: WorkflowNode): T {
  const spec = nodeCatalog.get(node.type, node.version);
  if (!spec) throw new Error(`unknown trigger type ${node.type}@${node.version}`);
  return spec.config.parse(node.config) as T;
}
