import { nodeImplementations } from '../../../nodes/index.js';
import { NodeExecutionError, type NodeOutcome, type NodeResult, type SecretStore } from '../../../runtime/definition/index.js';
import { EgressGuard, type EgressLookup } from '../../../runtime/egress/index.js';
import { startTestSandbox, type TestSandbox } from '../../server/sandbox/sandbox-harness.js';
import { fakeContext } from '../fake-context.js';

/** Runs connector operations against a real sandbox over loopback HTTP and SMTP, through the egress guard. */
export interface ConnectorHarness {
  readonly sandbox: TestSandbox;
  /** Executes the operation of `type` with `config` (parsed by its spec, so defaults apply). */
  run(type: string, config: Record<string, unknown>, options?: RunOptions): Promise<NodeOutcome>;
  /** Executes it expecting a step error, and answers that error. */
  fail(type: string, config: Record<string, unknown>, options?: RunOptions): Promise<NodeExecutionError>;
  close(): Promise<void>;
}

/** How the harness is set up. */
export interface HarnessOptions {
  /** More egress allow-list entries (`host:port`) besides the sandbox's HTTP and SMTP addresses, e.g. a test's own SMTP server. */
  readonly allow?: readonly string[];
  /** Resolves host names for the guard (the system resolver by default), e.g. test names to loopback. */
  readonly lookup?: EgressLookup;
}

/** Per-execution settings. */
export interface RunOptions {
  readonly idempotencyKey?: string;
  readonly input?: unknown;
  /** Credentials for this execution only, instead of the harness's. */
  readonly secrets?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** What the step's clock shows (the fake clock's time by default). */
  readonly now?: Date;
}

/** Credentials by id as the store resolves them for nodes, or a store of the test's own (e.g. one that fetches tokens). */
export type HarnessSecrets = Readonly<Record<string, Readonly<Record<string, string>>>> | SecretStore;

/**
 * A harness with the sandbox's demo credentials stored under the given ids, e.g.
 * `{ shop: { type: 'shopify', accessToken } }`, as the credential store resolves them for nodes.
 */
export async function connectorHarness(secrets: (sandbox: TestSandbox) => HarnessSecrets, options: HarnessOptions = {}): Promise<ConnectorHarness> {
  const sandbox = await startTestSandbox();
  const { smtp } = sandbox.sandbox;
  const guard = new EgressGuard({ allow: [new URL(sandbox.url).host, `${smtp.host}:${smtp.port}`, ...(options.allow ?? [])], lookup: options.lookup });
  const http = guard.forTenant('test');
  const allowedAddress = guard.addressesForTenant('test');
  const credentials = secrets(sandbox);
  const store = typeof credentials.get === 'function' ? (credentials as SecretStore) : undefined;
  let counter = 0;
  const execute = async (type: string, config: Record<string, unknown>, options: RunOptions = {}): Promise<NodeResult> => {
    const implementation = nodeImplementations.find((candidate) => candidate.spec.type === type);
    if (!implementation) throw new Error(`no node type ${type}`);
    const context = fakeContext({ http, allowedAddress, secrets: options.secrets ?? (store ? {} : (credentials as Record<string, Record<string, string>>)), now: options.now });
    const idempotencyKey = options.idempotencyKey ?? `run${++counter}:node1:0`;
    return implementation.execute({ ...context, idempotencyKey, ...(store && options.secrets === undefined ? { secrets: store } : {}) }, implementation.spec.config.parse(config), (options.input ?? {}) as never);
  };
  return {
    sandbox,
    async run(type, config, options) {
      const result = await execute(type, config, options);
      if (!('output' in result)) throw new Error(`${type} waited instead of finishing`);
      return result;
    },
    async fail(type, config, options) {
      try {
        await execute(type, config, options);
      } catch (error) {
        if (error instanceof NodeExecutionError) return error;
        throw error;
      }
      throw new Error(`${type} finished; a step error was expected`);
    },
    close: async () => {
      await guard.close();
      await sandbox.close();
    },
  };
}
