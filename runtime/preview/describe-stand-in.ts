import type { NodeSpec, WaitRequest } from '../definition/index.js';
import { jsonText, toPlainData } from '../expressions/index.js';
import type { StandIn } from './dry-run-result.js';

/** Characters of a value quoted in a description; the request carries it whole. */
const QUOTED_CHARS = 200;

/** What a stand-in stands in for: a node with side effects (never executed) or a wait it asked for. */
export type StandInRequest = { readonly kind: 'call' } | { readonly kind: 'wait'; readonly wait: WaitRequest };

/** How the dry run went on past the stand-in. */
export type Continuation =
  | { readonly from: 'recording'; readonly ports: readonly string[] }
  | { readonly from: 'recorded failure'; readonly code: string }
  | { readonly from: 'default'; readonly port: string }
  | { readonly from: 'input' };

/** Everything a stand-in's report is made of. */
export interface StandInFacts {
  readonly nodeId: string;
  readonly spec: NodeSpec;
  readonly config: unknown;
  readonly request: StandInRequest;
  /** Same input and resolved config as in the recorded run. */
  readonly replayed: boolean;
  /** Whether the recorded run ran the node at all. */
  readonly ranInRecording: boolean;
  readonly continuation: Continuation;
}

/** The report of one stand-in: what it would have sent, in words and as data. */
export function describeStandIn(facts: StandInFacts): StandIn {
  const { spec } = facts;
  const request = facts.request.kind === 'call' ? facts.config : facts.request.wait;
  return {
    nodeId: facts.nodeId,
    nodeType: spec.type,
    title: spec.title,
    replayed: facts.replayed,
    description: `would ${action(facts)}; ${verdict(facts)}, ${continuation(facts.continuation)}`,
    request: toPlainData(request, `the request of node "${facts.nodeId}"`),
  };
}

/**
 * The report of a call the recorded run made and the preview never reaches: it would no longer
 * happen. `config` is the config it resolved to then, or null when that cannot be worked out.
 */
export function describeDroppedCall(nodeId: string, spec: NodeSpec, config: unknown): StandIn {
  const what = config === null ? `call ${spec.title}` : callAction(spec, config);
  return {
    nodeId,
    nodeType: spec.type,
    title: spec.title,
    replayed: false,
    description: `would no longer ${what}; the recorded run did, the preview does not get there`,
    request: toPlainData(config, `the request of node "${nodeId}"`),
  };
}

/** What the node would do: "call POST https://…", "open the approval task …". */
function action(facts: StandInFacts): string {
  const { request, spec } = facts;
  if (request.kind === 'call') return callAction(spec, facts.config);
  const wait = request.wait;
  switch (wait.kind) {
    case 'approval':
      return `open the approval task "${wait.task.title}" for ${approvers(wait.task.policy.roles, wait.task.policy.users)}`;
    case 'timer':
      return `wait until ${new Date(wait.until).toISOString()}`;
    case 'event':
      return `wait for the event "${wait.correlationKey}"${wait.timeoutAt === null ? '' : ` until ${new Date(wait.timeoutAt).toISOString()}`}`;
    case 'children':
      return wait.collect === 'single'
        ? `run workflow ${wait.workflowId} with ${quoted(wait.items[0] ?? null)}`
        : `start ${wait.items.length} run${wait.items.length === 1 ? '' : 's'} of workflow ${wait.workflowId}`;
  }
}

/**
 * A call as a person reads it. A config with a method and a URL is an HTTP call whatever the node
 * (the HTTP node, connectors built on it): "call POST https://host/path with {…}", without the
 * query string, which may carry a key. Anything else: "call <node title> with <config>".
 */
function callAction(spec: NodeSpec, config: unknown): string {
  const fields = typeof config === 'object' && config !== null ? (config as Record<string, unknown>) : {};
  const { method, url, body } = fields;
  if (typeof method !== 'string' || typeof url !== 'string') return `call ${spec.title} with ${quoted(config)}`;
  return `call ${method} ${withoutQuery(url)}${body === undefined ? '' : ` with ${quoted(body)}`}`;
}

function verdict(facts: StandInFacts): string {
  if (facts.replayed) return 'unchanged from the recorded run';
  return facts.ranInRecording ? 'the recorded run sent something else' : 'the recorded run never did';
}

function continuation(next: Continuation): string {
  switch (next.from) {
    case 'recording':
      return `so the preview follows its recorded result (${next.ports.map((port) => `"${port}"`).join(', ')})`;
    case 'recorded failure':
      return `so the preview follows its recorded failure (${next.code})`;
    case 'default':
      return `so the preview continues on "${next.port}" with no data`;
    case 'input':
      return 'and the preview continues on "out" with its input, as the timer would';
  }
}

function approvers(roles: readonly string[], users: readonly string[]): string {
  const who = [...roles.map((role) => `${role}s`), ...users];
  return who.length === 0 ? 'nobody named' : who.join(', ');
}

function quoted(value: unknown): string {
  const text = jsonText(value) ?? 'null';
  return text.length <= QUOTED_CHARS ? text : `${text.slice(0, QUOTED_CHARS)}…`;
}

function withoutQuery(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url;
  }
}
