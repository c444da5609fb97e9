import {
  MAX_SEARCH_ATTRIBUTES,
  NodeExecutionError,
  searchAttributeNameProblem,
  searchValueText,
  setAtPath,
  type AddressResolver,
  type Clock,
  type ConnectorOperations,
  type ExceptionSink,
  type HttpClient,
  type IncomingValue,
  type NodeContext,
  type NodeLogger,
  type NodeOutcome,
  type NodeResult,
  type SearchAttributeChange,
  type SecretStore,
  type TenantConnectorOperations,
  type TenantExceptionSink,
  type TenantHttp,
  type TenantSecretStore,
  type TenantTextClassifier,
  type TextClassifier,
  type WaitRequest,
} from '../definition/index.js';
import { ExpressionError, evaluateExpression, toPlainData, type ExpressionContext, type PlainData } from '../expressions/index.js';
import type { FailureRecord } from '../store/index.js';
import type { EngineLogger } from './engine-logger.js';
import { StepFailure } from './errors.js';
import type { RunLimits } from './limits.js';
import type { PreparedNode } from './prepared-workflow.js';

/** A step that finished executing (for metrics). */
export interface FinishedStepEvent {
  readonly runId: string;
  readonly nodeId: string;
  readonly nodeType: string;
  readonly status: 'succeeded' | 'failed' | 'waiting';
  readonly durationMs: number;
}

/** The services steps run with. */
export interface StepServices {
  readonly http: TenantHttp;
  readonly secrets: TenantSecretStore;
  readonly connectors?: TenantConnectorOperations;
  readonly exceptions?: TenantExceptionSink;
  readonly classifier?: TenantTextClassifier;
  readonly clock: Clock;
  readonly logger: EngineLogger;
  readonly limits: RunLimits;
  readonly onStepFinished?: (step: FinishedStepEvent) => void;
  /** The embedding server's write for a run's end, in the commit that records it (`EngineJournal.runFinished`). */
  readonly runFinished?: (runId: string) => void;
}

/** One execution of one node. */
export interface StepRequest {
  readonly runId: string;
  readonly tenantId: string;
  /** The run executes no approved version; credential stores may refuse it (see `CredentialUse`). */
  readonly draft: boolean;
  readonly node: PreparedNode;
  readonly iteration: string;
  readonly attempt: number;
  readonly input: PlainData;
  readonly inputs: readonly IncomingValue[];
  /** The expression context (`input` is this step's input). */
  readonly context: ExpressionContext;
  /** Aborted when the run is cancelled. */
  readonly runSignal: AbortSignal;
}

/** A step's result, ready to record: payloads are plain data with their JSON text. */
export type StepResult =
  | {
      readonly kind: 'succeeded';
      readonly output: PlainData;
      readonly outputJson: string;
      readonly ports: readonly string[];
      readonly responseJson?: string;
      readonly searchAttributes?: SearchAttributeChange;
    }
  | { readonly kind: 'failed'; readonly failure: FailureRecord; readonly failureJson: string }
  | { readonly kind: 'waiting'; readonly wait: WaitRequest };

const REDACTED = '[redacted]';

/** Credential fields that describe a credential rather than hold its secret (see nodes/connector.http/credentials.ts). */
const NOT_SECRET_FIELDS: ReadonlySet<string> = new Set(['type', 'name']);

/**
 * Runs one node: resolves its config expressions, calls `execute` with a context whose every I/O
 * is supplied here, enforces the step timeout through the abort signal, and turns the outcome into
 * checked plain data, with secret values redacted. Never throws: failures come back as results.
 */
export function runStep(services: StepServices, request: StepRequest): StepResult | Promise<StepResult> {
  const { node } = request;
  const usedSecrets = new Set<string>();
  const abort = new LazyAbort();
  let pending: NodeResult | Promise<NodeResult>;
  try {
    const config = resolveConfig(node, request.context);
    pending = node.execute(new StepContext(services, request, abort, usedSecrets), config, request.input);
  } catch (error) {
    return failed(node.node.id, request.attempt, error, usedSecrets);
  }
  if (!(pending instanceof Promise)) return settle(node, request.attempt, pending, services.limits, usedSecrets);
  const timeoutMs = node.node.timeoutMs ?? services.limits.stepTimeoutMs;
  return guard(pending, abort, timeoutMs, node.node.id, request.runSignal).then(
    (outcome) => settle(node, request.attempt, outcome, services.limits, usedSecrets),
    (error: unknown) => failed(node.node.id, request.attempt, error, usedSecrets),
  );
}

function settle(node: PreparedNode, attempt: number, result: NodeResult, limits: RunLimits, secrets: ReadonlySet<string>): StepResult {
  try {
    return 'wait' in result ? waiting(node, result.wait) : succeeded(node, result, limits, secrets);
  } catch (error) {
    return failed(node.node.id, attempt, error, secrets);
  }
}

/** An abort controller created only when a node asks for its signal or must be aborted. */
class LazyAbort {
  private controller: AbortController | undefined;

  get signal(): AbortSignal {
    this.controller ??= new AbortController();
    return this.controller.signal;
  }

  abort(reason: Error): void {
    this.controller ??= new AbortController();
    this.controller.abort(reason);
  }
}

/**
 * Waits for an asynchronous execution, aborting it at the step timeout or when the run is
 * cancelled. Synchronous nodes (pure transforms) never get here, so they pay for no timer.
 */
async function guard<T>(pending: Promise<T>, abort: LazyAbort, timeoutMs: number, nodeId: string, runSignal: AbortSignal): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onRunAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_resolve, reject) => {
    const stop = (failure: StepFailure) => {
      abort.abort(failure);
      reject(failure);
    };
    timer = setTimeout(() => stop(new StepFailure('TIMEOUT', `node "${nodeId}" did not finish within ${timeoutMs} ms`)), timeoutMs);
    onRunAbort = () => stop(new StepFailure('CANCELLED', 'the run was cancelled'));
    if (runSignal.aborted) onRunAbort();
    else runSignal.addEventListener('abort', onRunAbort, { once: true });
  });
  try {
    return await Promise.race([pending, stopped]);
  } finally {
    clearTimeout(timer);
    if (onRunAbort) runSignal.removeEventListener('abort', onRunAbort);
  }
}

/**
 * Evaluates the node's expression sites into its config. When every site accepts any JSON value,
 * the config parsed once at preparation stays valid whatever the expressions produce; otherwise
 * the result is parsed again so `execute` only ever sees config of the declared types. Throws
 * `StepFailure` (`CONFIG`) or `ExpressionError` when the config cannot be resolved.
 */
export function resolveConfig(node: PreparedNode, context: ExpressionContext): unknown {
  if (node.expressionSites.length === 0) return node.literalConfig;
  let config: unknown = node.reparse ? node.node.config : node.literalConfig;
  for (const site of node.expressionSites) {
    config = setAtPath(config, site.path, evaluateExpression(site.value, context));
  }
  if (!node.reparse) return config;
  const parsed = node.spec.config.safeParse(config);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = ['config', ...(issue?.path ?? [])].join('.');
  throw new StepFailure('CONFIG', `${where}: ${issue?.message ?? 'invalid'} (after evaluating expressions)`);
}

/** The context a node executes with; methods live on the prototype, so creating one per step is cheap. */
class StepContext implements NodeContext {
  readonly runId: string;
  readonly nodeId: string;
  readonly attempt: number;
  readonly inputs: readonly IncomingValue[];
  readonly http: HttpClient;
  readonly allowedAddress: AddressResolver;
  readonly clock: Clock;

  constructor(
    private readonly services: StepServices,
    private readonly request: StepRequest,
    private readonly abort: LazyAbort,
    private readonly usedSecrets: Set<string>,
  ) {
    this.runId = request.runId;
    this.nodeId = request.node.node.id;
    this.attempt = request.attempt;
    this.inputs = request.inputs;
    this.http = services.http.forTenant(request.tenantId);
    this.allowedAddress = services.http.addressesForTenant(request.tenantId);
    this.clock = services.clock;
  }

  get idempotencyKey(): string {
    return `${this.runId}:${this.nodeId}:${this.request.iteration}`;
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  get secrets(): SecretStore {
    return {
      get: async (credentialId, destination) => {
        const use = { url: destination.url, draft: this.request.draft, ...(destination.refresh === true ? { refresh: true } : {}) };
        const secret = await this.services.secrets.get(this.request.tenantId, credentialId, use);
        for (const [field, value] of Object.entries(secret)) {
          // `type` says which kind of credential it is and `name` which header or query parameter
          // carries it; neither is secret, and redacting them would blank words like "bearer" or
          // "query" wherever they occur in the step's output.
          if (!NOT_SECRET_FIELDS.has(field) && value.length >= 4) this.usedSecrets.add(value);
        }
        return secret;
      },
    };
  }

  get connectors(): ConnectorOperations | undefined {
    const connectors = this.services.connectors;
    if (connectors === undefined) return undefined;
    return { operation: (connectorId, version, operationId) => connectors.operation(this.request.tenantId, connectorId, version, operationId) };
  }

  get exceptions(): ExceptionSink | undefined {
    const exceptions = this.services.exceptions;
    if (exceptions === undefined) return undefined;
    const step = { tenantId: this.request.tenantId, runId: this.runId, nodeId: this.nodeId, idempotencyKey: this.idempotencyKey };
    return { raise: (report) => exceptions.raise(step, report), classify: (exceptionId, classification) => exceptions.classify(step, exceptionId, classification) };
  }

  get classifier(): TextClassifier | undefined {
    const classifier = this.services.classifier;
    if (classifier === undefined) return undefined;
    return { classify: (text) => classifier.classify(this.request.tenantId, text) };
  }

  get log(): NodeLogger {
    const fields = { runId: this.runId, nodeId: this.nodeId };
    return {
      info: (message, extra) => this.services.logger.info({ ...extra, ...fields }, message),
      warn: (message, extra) => this.services.logger.warn({ ...extra, ...fields }, message),
    };
  }
}

function succeeded(node: PreparedNode, outcome: NodeOutcome, limits: RunLimits, secrets: ReadonlySet<string>): StepResult {
  const id = node.node.id;
  const ports = outcome.port === undefined ? ['out'] : typeof outcome.port === 'string' ? [outcome.port] : [...outcome.port];
  for (const port of ports) {
    if (port === 'error' || !node.outputPorts.has(port)) {
      throw new StepFailure('BAD_PORT', `node "${id}" chose the port "${port}", which it does not have`);
    }
  }
  const output = checkedData(outcome.output ?? null, `the output of node "${id}"`, limits, secrets);
  const searchAttributes = outcome.searchAttributes === undefined ? {} : { searchAttributes: checkedSearchAttributes(outcome.searchAttributes, id) };
  const result: StepResult = { kind: 'succeeded', output: output.data, outputJson: output.json, ports, ...searchAttributes };
  if (outcome.response === undefined) return result;
  const response = checkedData(outcome.response, `the response set by node "${id}"`, limits, secrets);
  return { ...result, responseJson: response.json };
}

/** Search attributes a node set, within the limits every run keeps (names, text values, how many). */
function checkedSearchAttributes(change: SearchAttributeChange, nodeId: string): SearchAttributeChange {
  const fail = (message: string) => new StepFailure('INVALID_OUTPUT', `node "${nodeId}": ${message}`);
  const names = Object.keys(change.attributes);
  if (names.length > MAX_SEARCH_ATTRIBUTES) throw fail(`a run holds at most ${MAX_SEARCH_ATTRIBUTES} search attributes; ${names.length} were set`);
  const attributes: Record<string, string> = {};
  try {
    for (const name of names) {
      const problem = searchAttributeNameProblem(name);
      if (problem !== undefined) throw new Error(problem);
      attributes[name] = searchValueText(change.attributes[name], `the search attribute "${name}"`);
    }
    return change.businessKey === undefined ? { attributes } : { businessKey: searchValueText(change.businessKey, 'the business key'), attributes };
  } catch (error) {
    throw fail(error instanceof Error ? error.message : String(error));
  }
}

/** A value as checked plain data and its JSON text, within the payload limit and with secrets redacted. */
function checkedData(value: unknown, what: string, limits: RunLimits, secrets: ReadonlySet<string>): { data: PlainData; json: string } {
  let data: PlainData;
  try {
    data = toPlainData(value, what);
  } catch (error) {
    throw new StepFailure('INVALID_OUTPUT', error instanceof Error ? error.message : String(error));
  }
  const plainJson = JSON.stringify(data);
  const json = redact(plainJson, secrets);
  if (json !== plainJson) data = toPlainData(JSON.parse(json));
  // UTF-8 needs at most three bytes per UTF-16 unit, so short text needs no exact count.
  const bytes = json.length * 3 <= limits.maxPayloadBytes ? 0 : Buffer.byteLength(json);
  if (bytes > limits.maxPayloadBytes) {
    throw new StepFailure('LIMIT_PAYLOAD', `${what} is ${bytes} bytes; the limit is ${limits.maxPayloadBytes}`);
  }
  return { data, json };
}

/** A wait request as checked plain data (it is persisted, and its values reach approvers). */
function waiting(node: PreparedNode, wait: WaitRequest): StepResult {
  try {
    return { kind: 'waiting', wait: toPlainData(wait, `the wait requested by node "${node.node.id}"`) as unknown as WaitRequest };
  } catch (error) {
    throw new StepFailure('INVALID_OUTPUT', error instanceof Error ? error.message : String(error));
  }
}

function failed(nodeId: string, attempt: number, error: unknown, secrets: ReadonlySet<string>): StepResult {
  const failure: FailureRecord = { ...describeError(error, secrets), nodeId, attempt };
  return { kind: 'failed', failure, failureJson: JSON.stringify(failure) };
}

function describeError(error: unknown, secrets: ReadonlySet<string>): Omit<FailureRecord, 'nodeId' | 'attempt'> {
  if (error instanceof NodeExecutionError) {
    const details = safeDetails(error.details, secrets);
    return {
      message: redact(error.message, secrets),
      code: error.code,
      retryable: error.retryable,
      ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
      ...(details === undefined ? {} : { details }),
    };
  }
  if (error instanceof StepFailure) {
    return { message: redact(error.message, secrets), code: error.code, ...(error.code === 'TIMEOUT' ? { retryable: true } : {}) };
  }
  if (error instanceof ExpressionError) return { message: redact(error.message, secrets), code: 'EXPRESSION' };
  const message = error instanceof Error ? error.message : String(error);
  return { message: redact(message, secrets), code: 'NODE_FAILED' };
}

/** Error details as redacted plain data, or undefined when they are not JSON data. */
function safeDetails(details: unknown, secrets: ReadonlySet<string>): PlainData | undefined {
  if (details === undefined) return undefined;
  try {
    return JSON.parse(redact(JSON.stringify(toPlainData(details, 'error details')), secrets)) as PlainData;
  } catch {
    return undefined;
  }
}

/** Replaces every secret value the step read with a marker; JSON-escaped forms included. */
function redact(text: string, secrets: ReadonlySet<string>): string {
  let result = text;
  for (const secret of secrets) {
    result = result.split(secret).join(REDACTED);
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) result = result.split(escaped).join(REDACTED);
  }
  return result;
}
