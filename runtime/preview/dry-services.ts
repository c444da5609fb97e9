import { NodeExecutionError, type TenantHttp, type TenantSecretStore, type WaitRequest } from '../definition/index.js';
import type { FailureRecord } from '../store/index.js';
import type { PreparedNode } from '../engine/prepared-workflow.js';
import type { RunDriver, RunSnapshot, StepStart, WaitRegistry } from '../engine/run-driver.js';

/**
 * HTTP for dry runs: every request is refused before anything leaves the process. Nodes with side
 * effects never execute in a dry run; this is what any other node reaching for the network gets.
 */
export const noNetwork: TenantHttp = {
  forTenant: () => (url) =>
    Promise.reject(new NodeExecutionError(`the impact preview makes no network calls; the request to ${withoutQuery(url)} was not sent`, { code: 'DRY_RUN_NETWORK' })),
  addressesForTenant: () => (hostname, port) =>
    Promise.reject(new NodeExecutionError(`the impact preview makes no network calls; nothing connected to ${hostname}:${port}`, { code: 'DRY_RUN_NETWORK' })),
};

/** Credentials for dry runs: none is ever read, let alone decrypted. */
export const noSecrets: TenantSecretStore = {
  get: (_tenantId, credentialId) =>
    Promise.reject(new NodeExecutionError(`the impact preview reads no credentials; "${credentialId}" was not read`, { code: 'DRY_RUN_CREDENTIALS' })),
};

/**
 * Waits in a dry run. The stand-ins end every wait a node asks for before it reaches the driver,
 * so only retries arrive here: a dry run does not wait to try again (its nodes are the pure ones,
 * which would fail the same way), it takes the failure at once — the error port, or the run fails.
 */
export class DryWaits implements WaitRegistry {
  /** The driver of the run, set once it exists (the driver needs its registry first). */
  driver: RunDriver | undefined;

  prepare(_run: RunSnapshot, wait: WaitRequest): WaitRequest {
    return wait;
  }

  open(_run: RunSnapshot, node: PreparedNode, _step: StepStart, wait: WaitRequest): void {
    throw new Error(`node "${node.node.id}" began a ${wait.kind} wait in a dry run`);
  }

  openRetry(_run: RunSnapshot, step: StepStart, failure: FailureRecord): void {
    this.driver?.complete(step.nodeId, { kind: 'failed', failure });
  }

  release(): void {
    // Nothing of a dry run's waits is kept anywhere, so there is nothing to release.
  }
}

function withoutQuery(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return 'an invalid URL';
  }
}
