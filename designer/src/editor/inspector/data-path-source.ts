import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ApiConnector } from '../../../../server/contract/api-connectors.js';
import { CONNECTOR_OPENAPI_TYPE } from '../../../../nodes/connector.openapi/spec.js';
import { queryClient } from '../../app/query-client.js';
import type { FlowNode } from '../model/flow-graph.js';
import { dataPathCandidates, type PathCandidate } from '../model/data-paths.js';
import { useEditorStore } from '../store/editor-context.js';
import type { EditorState, EditorStore } from '../store/editor-store.js';

/**
 * The answer schemas of the API connector steps whose operations the designer has loaded (the
 * palette and the inspector load them), by node id, so their outputs complete before any test run.
 */
function outputSchemas(nodes: readonly FlowNode[]): Map<string, unknown> {
  const schemas = new Map<string, unknown>();
  const loaded = queryClient.getQueriesData<ApiConnector>({ queryKey: ['api-connectors'] });
  for (const node of nodes) {
    if (node.data.type !== CONNECTOR_OPENAPI_TYPE) continue;
    const { connectorId, version, operationId } = node.data.config as { connectorId?: unknown; version?: unknown; operationId?: unknown };
    for (const [, connector] of loaded) {
      if (!connector || !Array.isArray(connector.operations) || connector.id !== connectorId || connector.shownVersion !== version) continue;
      const schema = connector.operations.find((operation) => operation.id === operationId)?.response;
      if (schema !== undefined && schema !== null) schemas.set(node.id, schema);
    }
  }
  return schemas;
}

function candidatesFrom(state: Pick<EditorState, 'edges' | 'meta' | 'run' | 'nodes'>, nodeId: string): PathCandidate[] {
  return dataPathCandidates({ nodeId, edges: state.edges, params: state.meta.params, run: state.run, outputSchemas: outputSchemas(state.nodes) });
}

/** The data paths an expression of `nodeId` can read, now (for Monaco's completion, asked at the moment of typing). */
export function dataPathsNow(store: EditorStore, nodeId: string): PathCandidate[] {
  return candidatesFrom(store.getState(), nodeId);
}

/** The data paths an expression of `nodeId` can read, kept up to date with the graph and the last test run. */
export function useDataPaths(nodeId: string | null): PathCandidate[] {
  const { edges, meta, run, nodes } = useEditorStore(useShallow((state) => ({ edges: state.edges, meta: state.meta, run: state.run, nodes: state.nodes })));
  return useMemo(() => (nodeId === null ? [] : candidatesFrom({ edges, meta, run, nodes }, nodeId)), [nodeId, edges, meta, run, nodes]);
}
