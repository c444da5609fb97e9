import type {
  AddressResolver,
  HttpClient,
  IncomingValue,
  NodeContext,
  NodeLogger,
} from '../../runtime/definition/index.js';

/** A log line a node wrote through `ctx.log`. */
export interface LoggedLine {
  readonly level: 'info' | 'warn';
  readonly message: string;
  readonly fields: Record<string, unknown> | undefined;
}

/** A fake context plus what the node did with it. */
export interface FakeContext extends NodeContext {
  readonly logged: LoggedLine[];
  /** Credential ids the node asked the secret store for. */
  readonly secretRequests: string[];
  /** The URL each of those requests named as the credential's destination. */
  readonly secretDestinations: string[];
}

export interface FakeContextOptions {
  readonly http?: HttpClient;
  /** The egress guard's address resolver for connections that are not HTTP (SMTP). */
  readonly allowedAddress?: AddressResolver;
  /** Credentials by id; an unknown id makes `secrets.get` reject. */
  readonly secrets?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly inputs?: readonly IncomingValue[];
  readonly signal?: AbortSignal;
  readonly now?: Date;
  readonly nodeId?: string;
}

/** The time the fake clock shows unless a test sets another. */
export const FAKE_NOW = new Date('2030-01-02T03:04:05.000Z');

/** A plain NodeContext for node tests: no mocking library, every service a small function. */
export function fakeContext(options: FakeContextOptions = {}): FakeContext {
  const logged: LoggedLine[] = [];
  const secretRequests: string[] = [];
  const secretDestinations: string[] = [];
  const nodeId = options.nodeId ?? 'node1';
  const log: NodeLogger = {
    info: (message, fields) => logged.push({ level: 'info', message, fields }),
    warn: (message, fields) => logged.push({ level: 'warn', message, fields }),
  };
  return {
    runId: 'run1',
    nodeId,
    idempotencyKey: `run1:${nodeId}:0`,
    attempt: 1,
    signal: options.signal ?? new AbortController().signal,
    http:
      options.http ??
      (() => Promise.reject(new Error('this test did not expect an HTTP request'))),
    allowedAddress:
      options.allowedAddress ??
      (() => Promise.reject(new Error('this test did not expect a connection'))),
    secrets: {
      get: (credentialId, destination) => {
        secretRequests.push(credentialId);
        secretDestinations.push(destination.url);
        const credential = options.secrets?.[credentialId];
        return credential
          ? Promise.resolve(credential)
          : Promise.reject(new Error(`no credential ${credentialId}`));
      },
    },
    clock: { now: () => options.now ?? FAKE_NOW },
    log,
    inputs: options.inputs ?? [],
    logged,
    secretRequests,
    secretDestinations,
  };
}

/** Runs `action` and returns what it threw (failing the test when it throws nothing). */
export async function thrownBy(action: () => unknown): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw, but it did not');
}
