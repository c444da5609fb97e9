import { useMemo } from 'react';
import type { ApiConnector } from '../../../../server/contract/api-connectors.js';
import { spec as openApiSpec } from '../../../../nodes/connector.openapi/spec.js';
import { useWorkspace } from '../../app/workspace.js';
import { useApiConnectors, useNewestApiConnectors } from '../../settings/api-connectors-api.js';
import type { NodePreset } from '../store/graph-slice.js';
import { PaletteEntry, type PaletteItem } from './palette-entry.js';

/** The palette entries of one connector's operations, matching the search. */
function operationItems(connector: ApiConnector, words: readonly string[]): PaletteItem[] {
  return connector.operations
    .map((operation) => ({
      key: `${connector.id}:${operation.id}`,
      type: openApiSpec.type,
      title: operation.summary || operation.id,
      description: `${operation.method} ${operation.path}${operation.description ? `: ${operation.description}` : ''} (${connector.name}, version ${connector.version})`,
      icon: openApiSpec.icon,
      category: openApiSpec.category,
      preset: { name: operation.summary || operation.id, config: { connectorId: connector.id, version: connector.version, operationId: operation.id, params: {} } } satisfies NodePreset,
    }))
    .filter((item) => words.every((word) => `${item.title} ${item.description} ${connector.name}`.toLowerCase().includes(word)));
}

/**
 * The palette's API connectors: one section per connector imported from an OpenAPI document (the
 * partner's), listing its operations at the newest version; adding one presets the generic step
 * with the connector, version and operation.
 */
export function ApiConnectorSections({ query, onAdd }: { query: string; onAdd: (type: string, preset?: NodePreset) => void }) {
  const { tenant } = useWorkspace();
  const summaries = useApiConnectors(tenant.id);
  const connectors = useNewestApiConnectors(tenant.id, summaries.data ?? []);
  const words = useMemo(() => query.toLowerCase().split(/\s+/).filter((word) => word !== ''), [query]);
  if (summaries.isError) return <p className="palette-empty">The API connectors could not be loaded.</p>;
  return (
    <>
      {connectors.map((result, index) => {
        const summary = summaries.data?.[index];
        if (!summary) return null;
        const headingId = `palette-api-${summary.id}`;
        if (result.isPending) {
          return (
            <section key={summary.id} className="palette-group" aria-labelledby={headingId}>
              <h3 id={headingId}>{summary.name}</h3>
              <p className="palette-empty">Loading operations…</p>
            </section>
          );
        }
        if (!result.data) return null;
        const items = operationItems(result.data, words);
        if (items.length === 0) return null;
        return (
          <section key={summary.id} className="palette-group" aria-labelledby={headingId}>
            <h3 id={headingId}>{summary.name}</h3>
            <ul>
              {items.map((item) => (
                <PaletteEntry key={item.key} spec={item} onAdd={onAdd} />
              ))}
            </ul>
          </section>
        );
      })}
    </>
  );
}
