import { NodeExecutionError, outputPorts, type NodeOutcome, type NodeSpec } from '../definition/index.js';
import { canonicalJson, freezeData, type ExpressionContext, type PlainData } from '../expressions/index.js';
import type { StepRecord } from '../store/index.js';
import type { PreparedWorkflow } from '../engine/prepared-workflow.js';
import type { RunSnapshot } from '../engine/run-driver.js';
import { resolveConfig } from '../engine/step-runner.js';
import { describeDroppedCall, describeStandIn, type Continuation, type StandInRequest } from './describe-stand-in.js';
import type { RecordedRun, StandIn } from './dry-run-result.js';

/** Failures the engine records on steps it ended, rather than results of the node: never replayed. */
const ENGINE_ENDINGS: ReadonlySet<string> = new Set(['CANCELLED', 'RESUME_FAILED']);

/**
 * One recorded run while its dry run goes on: what each node recorded, the config each resolved
 * to then (worked out again from the baseline definition and the recorded data: runs do not store
 * resolved configs), and the stand-ins the dry run has used so far.
 */
export class ReplayContext {
  readonly standIns: StandIn[] = [];
  private readonly steps = new Map<string, StepRecord>();
  private readonly recordedConfigs = new Map<string, string | undefined>();

  /**
   * @param baselineRun the recorded run as its own driver saw it, for the `run` and `item` its
   *   expressions read.
   */
  constructor(
    private readonly recorded: RecordedRun,
    private readonly baseline: PreparedWorkflow,
    private readonly baselineRun: RunSnapshot,
  ) {
    for (const step of recorded.steps) if (step.iteration === '0') this.steps.set(step.nodeId, step);
  }

  /**
   * What a node with side effects, or a wait, yields in the dry run instead of running. With the
   * same input and resolved config as in the recording, the recorded result (`replayed`);
   * otherwise the recorded result still, if the node ran there, else its first output port with
   * no data. A timer needs no recording: it always goes on with its input. Each use is reported.
   */
  standIn(nodeId: string, spec: NodeSpec, config: unknown, input: PlainData, request: StandInRequest): NodeOutcome {
    const recorded = this.recordedResult(nodeId, spec);
    const replayed = recorded !== undefined && canonicalJson(input) === canonicalJson(recorded.input ?? null) && canonicalJson(config) === this.recordedConfig(nodeId);
    const next = continuationOf(spec, config, request, recorded);
    this.standIns.push(describeStandIn({ nodeId, spec, config, request, replayed, ranInRecording: recorded !== undefined, continuation: next }));
    switch (next.from) {
      case 'input':
        return { output: input, port: 'out' };
      case 'default':
        return { output: null, port: next.port };
      case 'recording':
        return { output: (recorded as StepRecord).output, port: next.ports };
      case 'recorded failure': {
        const error = (recorded as StepRecord).error;
        throw new NodeExecutionError(error?.message ?? 'the step failed', {
          code: next.code,
          details: error?.details,
          retryable: error?.retryable,
          retryAfterMs: error?.retryAfterMs,
        });
      }
    }
  }

  /**
   * Calls the recorded run made (steps of nodes with side effects) at nodes the preview did not
   * run: with the pending version they would no longer happen.
   */
  droppedCalls(ran: ReadonlySet<string>): StandIn[] {
    const dropped: StandIn[] = [];
    for (const step of this.recorded.steps) {
      if (step.iteration !== '0' || step.status === 'skipped' || ran.has(step.nodeId)) continue;
      const spec = this.baseline.nodes.get(step.nodeId)?.spec;
      if (!spec?.sideEffects) continue;
      const config = this.recordedConfig(step.nodeId);
      dropped.push(describeDroppedCall(step.nodeId, spec, config === undefined ? null : JSON.parse(config)));
    }
    return dropped;
  }

  /** The node's recorded step, when the same node type (and version) recorded a result of its own. */
  private recordedResult(nodeId: string, spec: NodeSpec): StepRecord | undefined {
    const step = this.steps.get(nodeId);
    const then = this.baseline.nodes.get(nodeId)?.node;
    if (!step || then?.type !== spec.type || then.version !== spec.version) return undefined;
    if (step.status === 'succeeded') return step;
    return step.status === 'failed' && step.error !== null && !ENGINE_ENDINGS.has(step.error.code) ? step : undefined;
  }

  /** The canonical JSON of the config the node resolved to in the recorded run; undefined when it cannot be worked out. */
  private recordedConfig(nodeId: string): string | undefined {
    if (!this.recordedConfigs.has(nodeId)) this.recordedConfigs.set(nodeId, this.resolveRecordedConfig(nodeId));
    return this.recordedConfigs.get(nodeId);
  }

  /**
   * Evaluates the baseline node's config as the recorded run did: over the step's recorded input,
   * the outputs of the steps recorded before it, the run's params, `run` and `item`.
   */
  private resolveRecordedConfig(nodeId: string): string | undefined {
    const node = this.baseline.nodes.get(nodeId);
    const step = this.steps.get(nodeId);
    if (!node || !step) return undefined;
    const nodes: Record<string, PlainData> = {};
    for (const earlier of this.recorded.steps) {
      if (earlier.seq < step.seq && earlier.iteration === '0' && earlier.ports.length > 0) nodes[earlier.nodeId] = freezeData(earlier.output ?? null);
    }
    const context: ExpressionContext = {
      input: freezeData(step.input ?? null),
      nodes,
      params: this.baselineRun.params,
      run: this.baselineRun.info,
      ...(this.baselineRun.item === undefined ? {} : { item: this.baselineRun.item }),
    };
    try {
      return canonicalJson(resolveConfig(node, context));
    } catch {
      // A config that no longer resolves over its own recorded data cannot be compared: treat it as changed.
      return undefined;
    }
  }
}

function continuationOf(spec: NodeSpec, config: unknown, request: StandInRequest, recorded: StepRecord | undefined): Continuation {
  if (request.kind === 'wait' && request.wait.kind === 'timer') return { from: 'input' };
  if (recorded?.status === 'failed') return { from: 'recorded failure', code: recorded.error?.code ?? 'NODE_FAILED' };
  if (recorded) return { from: 'recording', ports: recorded.ports };
  return { from: 'default', port: defaultPort(spec, config) };
}

/** The first output port the node declares (an approval's `approved`), never `error`. */
function defaultPort(spec: NodeSpec, config: unknown): string {
  const ports = outputPorts(spec, typeof config === 'object' && config !== null ? (config as Record<string, unknown>) : {});
  return ports.find((port) => port.name !== 'error')?.name ?? 'out';
}
