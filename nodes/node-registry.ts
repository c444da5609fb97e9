import { defineNode, type NodeImplementation } from '../runtime/definition/index.js';
import type { NodeListEntry } from './catalog.js';

/** Loads a module of a node folder, e.g. `shopify/get-order/execute.js`, relative to `nodes/`. */
export type NodeModuleLoader = (path: string) => Promise<unknown>;

/** The export of a module, or undefined when the module is not an object or lacks it. */
function exported(module: unknown, name: string): unknown {
  return typeof module === 'object' && module !== null ? (module as Record<string, unknown>)[name] : undefined;
}

/**
 * The runtime registry of the node list: each entry's spec with the `execute` of its folder.
 * Rejects, naming the folder, when a folder has no `execute.ts` exporting a function or its
 * `spec.ts` is not the listed spec, so a half-added node type stops the server at startup.
 */
export async function loadNodeImplementations(
  list: readonly NodeListEntry[],
  load: NodeModuleLoader,
): Promise<readonly NodeImplementation[]> {
  return Promise.all(
    list.map(async ({ folder, spec }) => {
      const [specModule, executeModule] = await Promise.all([
        load(`${folder}/spec.js`).catch((error: unknown) => {
          throw new Error(`node type ${spec.type}: nodes/${folder}/spec.ts cannot be loaded`, { cause: error });
        }),
        load(`${folder}/execute.js`).catch((error: unknown) => {
          throw new Error(`node type ${spec.type}: nodes/${folder}/execute.ts cannot be loaded`, { cause: error });
        }),
      ]);
      if (exported(specModule, 'spec') !== spec) {
        throw new Error(`node type ${spec.type}: nodes/${folder}/spec.ts does not export the spec the node list names`);
      }
      const execute = exported(executeModule, 'execute');
      if (typeof execute !== 'function') {
        throw new Error(`node type ${spec.type}: nodes/${folder}/execute.ts exports no execute function`);
      }
      return defineNode(spec, execute as NodeImplementation['execute']);
    }),
  );
}
