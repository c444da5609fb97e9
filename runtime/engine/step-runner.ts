import {
  NodeExecutionError,
  setAtPath,
  type Clock,
  type HttpClient,
  type IncomingValue,
  type NodeContext,
  type NodeOutcome,
  type SecretStore,
} from '../definition/index.js';
import { ExpressionError, evaluateExpression, toPlainData, type ExpressionContext, type PlainData } from '../expressions/index.js';
import type { FailureRecord } from '../store/index.js';
import type { EngineLogger } from './engine-logger.js';
import { StepFailure } from './errors.js';
import type { RunLimits } from './limits.js';
import type { PreparedNode } from './prepared-workflow.js';

/** The services steps run with. */
export interface StepServices {
  readonly http: HttpClient;
  readonly secrets: SecretStore;
  readonly clock: Clock;
  readonly logger: EngineLogger;
  readonly limits: RunLimits;
}

/** One execution of one node. */
export interface StepRequest {
  readonly runId: string;
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
    }
  | { readonly kind: 'failed'; readonly failure: FailureRecord; readonly failureJson: string };

const REDACTED = '[redacted]';

/**
 * Runs one node: resolves its config expressions, calls `execute` with a context whose every I/O
 * is supplied here, enforces the step timeout through the abort signal, and turns the outcome into
 * checked plain data, with secret values redacted. Never throws: failures come back as results.
 */
export async function runStep(services: StepServices, request: StepRequest): Promise<StepResult> {
  const { node } = request;
  const usedSecrets = new Set<string>();
  const controller = new AbortController();
  const timeoutMs = node.node.timeoutMs ?? services.limits.stepTimeoutMs;
  const onRunAbort = () => controller.abort(new StepFailure('CANCELLED', 'the run was cancelled'));
  request.runSignal.addEventListener('abort', onRunAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const failure = new StepFailure('TIMEOUT', `node "${node.node.id}" did not finish within ${timeoutMs} ms`);
      controller.abort(failure);
      reject(failure);
    }, timeoutMs);
  });
  try {
    const config = resolveConfig(node, request.context);
    const ctx = nodeContext(services, request, controller.signal, usedSecrets);
    const outcome = await Promise.race([Promise.resolve(node.execute(ctx, config, request.input)), timedOut]);
    return succeeded(node, outcome, services.limits, usedSecrets);
  } catch (error) {
    return failed(node.node.id, request.attempt, error, usedSecrets);
  } finally {
    clearTimeout(timer);
    request.runSignal.removeEventListener('abort', onRunAbort);
  }
}

/** Evaluates the node's expression sites and parses the result with the spec's config schema. */
function resolveConfig(node: PreparedNode, context: ExpressionContext): unknown {
  if (node.expressionSites.length === 0) return node.literalConfig;
  let config: unknown = node.node.config;
  for (const site of node.expressionSites) {
    config = setAtPath(config, site.path, evaluateExpression(site.value, context));
  }
  const parsed = node.spec.config.safeParse(config);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = ['config', ...(issue?.path ?? [])].join('.');
  throw new StepFailure('CONFIG', `${where}: ${issue?.message ?? 'invalid'} (after evaluating expressions)`);
}

function nodeContext(services: StepServices, request: StepRequest, signal: AbortSignal, usedSecrets: Set<string>): NodeContext {
  const fields = { runId: request.runId, nodeId: request.node.node.id };
  return {
    runId: request.runId,
    nodeId: request.node.node.id,
    idempotencyKey: `${request.runId}:${request.node.node.id}:${request.iteration}`,
    attempt: request.attempt,
    signal,
    http: services.http,
    clock: services.clock,
    inputs: request.inputs,
    secrets: {
      async get(credentialId) {
        const secret = await services.secrets.get(credentialId);
        for (const value of Object.values(secret)) if (value.length >= 4) usedSecrets.add(value);
        return secret;
      },
    },
    log: {
      info: (message, extra) => services.logger.info({ ...extra, ...fields }, message),
      warn: (message, extra) => services.logger.warn({ ...extra, ...fields }, message),
    },
  };
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
  const result: StepResult = { kind: 'succeeded', output: output.data, outputJson: output.json, ports };
  if (outcome.response === undefined) return result;
  const response = checkedData(outcome.response, `the response set by node "${id}"`, limits, secrets);
  return { ...result, responseJson: response.json };
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
  const bytes = Buffer.byteLength(json);
  if (bytes > limits.maxPayloadBytes) {
    throw new StepFailure('LIMIT_PAYLOAD', `${what} is ${bytes} bytes; the limit is ${limits.maxPayloadBytes}`);
  }
  return { data, json };
}

function failed(nodeId: string, attempt: number, error: unknown, secrets: ReadonlySet<string>): StepResult {
  const failure: FailureRecord = { ...describeError(error, secrets), nodeId, attempt };
  return { kind: 'failed', failure, failureJson: JSON.stringify(failure) };
}

function describeError(error: unknown, secrets: ReadonlySet<string>): Pick<FailureRecord, 'message' | 'code' | 'details'> {
  if (error instanceof NodeExecutionError) {
    const details = safeDetails(error.details, secrets);
    return { message: redact(error.message, secrets), code: error.code, ...(details === undefined ? {} : { details }) };
  }
  if (error instanceof StepFailure) return { message: redact(error.message, secrets), code: error.code };
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
