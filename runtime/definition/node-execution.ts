import type { z } from 'zod';
import type { ExceptionSink } from './exception-report.js';
import type { SearchAttributeChange } from './search-attributes.js';
import type { TextClassifier } from './text-classifier.js';
import type { NodeSpec } from './node-spec.js';

/** Plain JSON data as nodes receive it: frozen, no class instances (see runtime/expressions). */
export type NodeData = null | boolean | number | string | readonly NodeData[] | { readonly [key: string]: NodeData };

/** The value arriving over one live incoming edge. */
export interface IncomingValue {
  readonly nodeId: string;
  readonly port: string;
  readonly value: NodeData;
}

/** HTTP as nodes see it: the WHATWG `fetch` signature, so tests can pass a fake. */
export type HttpClient = (url: string, init: RequestInit) => Promise<Response>;

/**
 * For connections that are not HTTP (SMTP): the addresses of `hostname` that the egress guard
 * allows a connection to `port` of (at least one, in resolver order), checked by the same policy
 * and allow-lists as HTTP requests. Rejects with the guard's `EGRESS_BLOCKED` step error when none
 * is allowed. Connect to an answer by IP (TLS verifying `hostname`), so the address checked is the
 * address connected to; try the next when one cannot be reached.
 */
export type AddressResolver = (hostname: string, port: number) => Promise<readonly string[]>;

/**
 * The engine's network access: an HTTP client and an address resolver per tenant, so the egress
 * guard (runtime/egress) applies the tenant's own allow-list to the connections of that tenant's runs.
 */
export interface TenantHttp {
  forTenant(tenantId: string): HttpClient;
  addressesForTenant(tenantId: string): AddressResolver;
}

/** Where a credential is about to be sent. */
export interface CredentialDestination {
  /** The request's URL; the credential is refused unless its host is one the credential names. */
  readonly url: string;
  /**
   * The API refused the access token the store handed out before (a 401): fetch a new one
   * instead of answering the cached one. Only OAuth2 client-credentials credentials cache tokens.
   */
  readonly refresh?: boolean;
}

/**
 * Resolves a connector credential by id to its fields (token, username, password, ...) for a
 * request to `destination`. Rejects with a `NodeExecutionError` when the credential may not be
 * sent there (or not by this run); nothing has been sent by then.
 */
export interface SecretStore {
  get(credentialId: string, destination: CredentialDestination): Promise<Readonly<Record<string, string>>>;
}

/** How a run means to use a credential. */
export interface CredentialUse extends CredentialDestination {
  /**
   * The run executes no approved version: a test run of a draft (or a run started by one, such as
   * its forEach children). Stores may keep credentials from such runs.
   */
  readonly draft: boolean;
}

/** The engine's source of credentials: always asked within the run's tenant. */
export interface TenantSecretStore {
  get(tenantId: string, credentialId: string, use: CredentialUse): Promise<Readonly<Record<string, string>>>;
}

/**
 * The operations of API connectors imported from OpenAPI documents, as the run's tenant sees them
 * (a partner's own, a customer's partner's). Answers the stored operation as plain data, which the
 * node checks, or undefined when the connector, version or operation does not exist there.
 */
export interface ConnectorOperations {
  operation(connectorId: string, version: number, operationId: string): Promise<unknown>;
}

/** The engine's source of imported operations: always asked within the run's tenant. */
export interface TenantConnectorOperations {
  operation(tenantId: string, connectorId: string, version: number, operationId: string): Promise<unknown>;
}

/** Time as nodes see it, so tests control it. */
export interface Clock {
  now(): Date;
}

/** Structured log lines attached to the step; never pass secrets. */
export interface NodeLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

/** Everything a node may use besides its config and input. All I/O goes through here. */
export interface NodeContext {
  readonly runId: string;
  readonly nodeId: string;
  /** `runId:nodeId:iteration`: the same on every attempt and after a crash; connectors send it on. */
  readonly idempotencyKey: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** Aborted when the step times out or the run is cancelled. */
  readonly signal: AbortSignal;
  readonly http: HttpClient;
  /** The only way to a connection that is not HTTP: an address the egress guard allows. */
  readonly allowedAddress: AddressResolver;
  readonly secrets: SecretStore;
  /** Imported API connectors; absent where none are offered (a node then reports it cannot run). */
  readonly connectors?: ConnectorOperations;
  /** The workspace's exceptions; absent where nothing records them (a node then reports it cannot run). */
  readonly exceptions?: ExceptionSink;
  /** The workspace's text classifier (trained on its labelled examples); absent where none is offered. */
  readonly classifier?: TextClassifier;
  readonly clock: Clock;
  readonly log: NodeLogger;
  /** Values of every live incoming edge, in edge order; a merge node combines them. */
  readonly inputs: readonly IncomingValue[];
}

/** The response a synchronous webhook answers with, set by `flow.respond`. */
export interface RunResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/** What a node's execution produced. */
export interface NodeOutcome {
  readonly output: unknown;
  /** Output port(s) that carry the output on; defaults to `out`. Several ports fork. */
  readonly port?: string | readonly string[];
  /** Sets the run's response (for `respond: onCompletion` webhooks). */
  readonly response?: RunResponse;
  /** Sets the run's business key and search attributes, in the commit that records the step. */
  readonly searchAttributes?: SearchAttributeChange;
}

/** Who may decide an approval task, and how many must agree. */
export interface ApprovalPolicy {
  /** Members with any of these roles may decide. */
  readonly roles: readonly string[];
  /** These users may decide, whatever their roles. */
  readonly users: readonly string[];
  /** Approvals needed to approve (N of M). */
  readonly requiredApprovals: number;
  /** Whether one rejection rejects; otherwise rejections must reach `requiredApprovals` too. */
  readonly vetoOnReject: boolean;
  /** Whether the person who started the run may decide. */
  readonly allowInitiator: boolean;
}

/** The human task an approval gate opens. */
export interface ApprovalTaskRequest {
  readonly title: string;
  readonly instructions: string;
  /** Context shown to the approver: label → value. */
  readonly fields: Readonly<Record<string, unknown>>;
  readonly policy: ApprovalPolicy;
  /** When the task is due (epoch ms), if ever. */
  readonly dueAt: number | null;
  /** At the due time: leave on the `timeout` port, or notify (escalate) and keep waiting. */
  readonly onDue: 'timeout' | 'escalate';
}

/**
 * What a node waits for. The run is persisted and releases all memory until the wait ends; the
 * node then continues on a port the engine chooses by kind:
 * - `approval` — `approved`, `rejected` or `timeout`, output `{ decision, decisions, ... }`;
 * - `timer` — `out` at `until` (epoch ms), output the node's input;
 * - `event` — `received` with the signal's payload, or `timeout` at `timeoutAt` with the input;
 * - `children` — runs `workflowId` once per item (at most `concurrency` at a time) and continues on
 *   `out` with the outputs in item order (`collect: 'list'`) or the single output
 *   (`collect: 'single'`); a failed child fails the node.
 */
export type WaitRequest =
  | { readonly kind: 'approval'; readonly task: ApprovalTaskRequest }
  | { readonly kind: 'timer'; readonly until: number }
  | { readonly kind: 'event'; readonly correlationKey: string; readonly timeoutAt: number | null }
  | {
      readonly kind: 'children';
      readonly workflowId: string;
      readonly items: readonly unknown[];
      readonly concurrency: number;
      readonly collect: 'list' | 'single';
    };

/** A node's request to wait (see {@link WaitRequest}). */
export interface NodeWait {
  readonly wait: WaitRequest;
}

/** What `execute` returns: a result now, or a wait. */
export type NodeResult = NodeOutcome | NodeWait;

/**
 * A node's behaviour: a plain function of context, resolved config and input. Most nodes return
 * an outcome; waiting nodes declare `Result` as {@link NodeResult}.
 */
export type NodeExecute<Config, Result extends NodeResult = NodeOutcome> = (
  ctx: NodeContext,
  config: Config,
  input: NodeData,
) => Result | Promise<Result>;

/** A node type the runtime can execute: its spec and its execute function. */
export interface NodeImplementation<Schema extends z.ZodType = z.ZodType> {
  readonly spec: NodeSpec<Schema>;
  readonly execute: NodeExecute<z.output<Schema>, NodeResult>;
}

/** Pairs a spec with its execute function, keeping the config type. */
export function defineNode<Schema extends z.ZodType>(
  spec: NodeSpec<Schema>,
  execute: NodeExecute<z.output<Schema>, NodeResult>,
): NodeImplementation<Schema> {
  return { spec, execute };
}

/**
 * A failure a node reports on purpose. `details` (for example an HTTP status and body) become part
 * of the error port's output; `retryable` tells retry policies whether another attempt can help.
 */
export class NodeExecutionError extends Error {
  override readonly name = 'NodeExecutionError';
  readonly code: string;
  readonly details: unknown;
  readonly retryable: boolean;
  /** Milliseconds the remote side asked us to wait (HTTP `Retry-After`), if any. */
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    options: { code?: string; details?: unknown; retryable?: boolean; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = options.code ?? 'NODE_FAILED';
    this.details = options.details;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
  }
}
