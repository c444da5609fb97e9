import { describe, expect, it } from 'vitest';
import { nodeList } from '../../nodes/catalog.js';
import { loadNodeImplementations, type NodeModuleLoader } from '../../nodes/node-registry.js';

/** The real loader, as nodes/index.ts passes it, with some paths answered otherwise. */
function loaderWith(overrides: Record<string, unknown>): NodeModuleLoader {
  return (path) => (path in overrides ? Promise.resolve(overrides[path]) : import(/* @vite-ignore */ `../../nodes/${path}`));
}

describe('the runtime registry made from the node list', () => {
  it('pairs every listed spec with the execute of its folder', async () => {
    const implementations = await loadNodeImplementations(nodeList, loaderWith({}));
    expect(implementations.map((implementation) => implementation.spec)).toEqual(nodeList.map((entry) => entry.spec));
    for (const implementation of implementations) expect(typeof implementation.execute).toBe('function');
  });

  it('refuses to start when a listed folder has no execute function, naming the folder', async () => {
    await expect(loadNodeImplementations(nodeList, loaderWith({ 'data.merge/execute.js': { run: () => null } }))).rejects.toThrow(
      'node type data.merge: nodes/data.merge/execute.ts exports no execute function',
    );
  });

  it('refuses to start when a listed folder has no execute.ts at all', async () => {
    const missing = [...nodeList, { folder: 'connector.nowhere', spec: { ...nodeList[0]!.spec, type: 'connector.nowhere' } }];
    await expect(loadNodeImplementations(missing, loaderWith({ 'connector.nowhere/spec.js': { spec: missing.at(-1)!.spec } }))).rejects.toThrow(
      'node type connector.nowhere: nodes/connector.nowhere/execute.ts cannot be loaded',
    );
  });

  it('refuses an entry whose folder holds another spec than the one listed', async () => {
    const swapped = nodeList.map((entry) => (entry.folder === 'data.merge' ? { ...entry, folder: 'data.transform' } : entry));
    await expect(loadNodeImplementations(swapped, loaderWith({}))).rejects.toThrow(
      'node type data.merge: nodes/data.transform/spec.ts does not export the spec the node list names',
    );
  });
});
