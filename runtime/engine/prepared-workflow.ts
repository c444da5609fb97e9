import {
  acceptsAnyJson,
  createCatalog,
  schemaAt,
  findExpressionSites,
  outputPorts,
  validateWorkflow,
  workflowDefinitionSchema,
  type ExpressionSite,
  type NodeImplementation,
  type NodeSpec,
  type WorkflowDefinition,
  type WorkflowEdge,
  type WorkflowNode,
} from '../definition/index.js';
import { isRule } from '../expressions/index.js';
import { definitionHash } from './definition-hash.js';
import { WorkflowInvalidError } from './errors.js';

/** A node ready to execute: its spec and behaviour, edges, and what can be worked out once per definition. */
export interface PreparedNode {
  readonly node: WorkflowNode;
  readonly spec: NodeSpec;
  readonly execute: NodeImplementation['execute'];
  readonly isTrigger: boolean;
  readonly incoming: readonly WorkflowEdge[];
  readonly outgoing: readonly WorkflowEdge[];
  readonly outputPorts: ReadonlySet<string>;
  /** Whether an edge leaves the `error` port, so failures route there instead of failing the run. */
  readonly routesErrors: boolean;
  /** Where the config holds json-logic rules; empty when every value is a literal. */
  readonly expressionSites: readonly ExpressionSite[];
  /**
   * The config parsed once: complete when there are no expression sites, and the base the sites
   * are written into when they all accept any JSON value.
   */
  readonly literalConfig: unknown;
  /** Whether the config must be parsed again after evaluation (some site expects a narrower type). */
  readonly reparse: boolean;
}

/** A validated definition, indexed for execution, identified by its content hash. */
export interface PreparedWorkflow {
  readonly definition: WorkflowDefinition;
  readonly hash: string;
  readonly nodes: ReadonlyMap<string, PreparedNode>;
  /** Trigger node ids in definition order. */
  readonly triggers: readonly string[];
}

/** Validates definitions against the node implementations and indexes them for the engine. */
export class WorkflowPreparer {
  private readonly catalog;
  private readonly implementations = new Map<string, NodeImplementation>();
  private readonly byObject = new WeakMap<object, PreparedWorkflow>();

  constructor(implementations: readonly NodeImplementation[]) {
    this.catalog = createCatalog(implementations.map((implementation) => implementation.spec));
    for (const implementation of implementations) {
      this.implementations.set(`${implementation.spec.type}@${implementation.spec.version}`, implementation);
    }
  }

  /**
   * The prepared form of `definition`, validated with the shared validator. Throws
   * {@link WorkflowInvalidError} listing every problem. Cached per definition object.
   */
  prepare(definition: unknown): PreparedWorkflow {
    if (typeof definition === 'object' && definition !== null) {
      const cached = this.byObject.get(definition);
      if (cached) return cached;
    }
    const problems = validateWorkflow(definition, this.catalog);
    if (problems.length > 0) throw new WorkflowInvalidError(problems);
    const parsed = workflowDefinitionSchema.parse(definition);
    const prepared = this.index(parsed);
    if (typeof definition === 'object' && definition !== null) this.byObject.set(definition, prepared);
    // The parsed definition handed out with it is prepared too: passing it back costs nothing.
    this.byObject.set(prepared.definition, prepared);
    return prepared;
  }

  private index(definition: WorkflowDefinition): PreparedWorkflow {
    const incoming = groupBy(definition.edges, (edge) => edge.target);
    const outgoing = groupBy(definition.edges, (edge) => edge.source);
    const nodes = new Map<string, PreparedNode>();
    const triggers: string[] = [];
    for (const node of definition.nodes) {
      const implementation = this.implementations.get(`${node.type}@${node.version}`) as NodeImplementation;
      const spec = implementation.spec;
      const isTrigger = spec.category === 'trigger';
      // A trigger's expressions (an event trigger's filter) are read by whatever starts its runs,
      // over what it was given; they are never evaluated against a run's context.
      const expressionSites = isTrigger ? [] : findExpressionSites(spec.config, node.config).filter((site) => isDynamic(site.value));
      const leaving = outgoing.get(node.id) ?? [];
      if (isTrigger) triggers.push(node.id);
      nodes.set(node.id, {
        node,
        spec,
        execute: implementation.execute,
        isTrigger,
        incoming: incoming.get(node.id) ?? [],
        outgoing: leaving,
        outputPorts: new Set(outputPorts(spec, node.config).map((port) => port.name)),
        routesErrors: leaving.some((edge) => edge.sourcePort === 'error'),
        expressionSites,
        ...parsedConfig(spec, node.config, expressionSites),
      });
    }
    return { definition, hash: definitionHash(definition), nodes, triggers };
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** Whether json-logic would compute this value rather than return it as it is. */
function isDynamic(value: unknown): boolean {
  return isRule(value) || (Array.isArray(value) && value.some(isDynamic));
}

/** Parses a config once, where the result stays valid for every run (see `resolveConfig`). */
function parsedConfig(spec: NodeSpec, config: unknown, sites: readonly ExpressionSite[]): { literalConfig: unknown; reparse: boolean } {
  if (sites.length === 0) return { literalConfig: spec.config.parse(config), reparse: false };
  const sitesAcceptAnything = sites.every((site) => acceptsAnyJson(schemaAt(spec.config, site.path)));
  const parsed = sitesAcceptAnything ? spec.config.safeParse(config) : undefined;
  return parsed?.success ? { literalConfig: parsed.data, reparse: false } : { literalConfig: undefined, reparse: true };
}
