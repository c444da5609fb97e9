import type { SystemName } from './http-types.js';

/** How many effects and calls the sandbox keeps; the oldest go first. */
const MAX_EFFECTS = 10_000;
const MAX_CALLS = 1_000;

/** What an effect is: a change through an API, a mail received over SMTP, a chat message. */
export type EffectKind = 'api' | 'mail' | 'message';

/** A side effect the sandbox performed: one per change, however often a request was replayed. */
export interface EffectRecord {
  /** Increasing from 1 since the last reset. */
  readonly id: number;
  readonly at: string;
  readonly system: SystemName;
  readonly kind: EffectKind;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly idempotencyKey: string | null;
  /** The request body (parsed JSON or form fields, else text); for a mail, the parsed message. */
  readonly body: unknown;
  /** What the answer created or said (ids, a message's text). */
  readonly detail: Readonly<Record<string, unknown>>;
}

/** One request the sandbox answered, effect or not: what the page's "API calls" list shows. */
export interface CallRecord {
  readonly id: number;
  readonly at: string;
  readonly system: SystemName;
  readonly method: string;
  /** Path and query as received. */
  readonly path: string;
  readonly status: number;
  readonly idempotencyKey: string | null;
  /** Answered from the idempotency cache: no second effect. */
  readonly replayed: boolean;
  /** The injected fault that answered or delayed it. */
  readonly faultId: string | null;
}

/** Which effects to list. */
export interface EffectFilter {
  readonly system?: string;
  readonly kind?: string;
  readonly idempotencyKey?: string;
  /** Only effects with a larger id. */
  readonly afterId?: number;
}

/** Keeps the effects and the recent calls, for tests (counting effects per key) and the page. */
export class EffectRecorder {
  private effectList: EffectRecord[] = [];
  private callList: CallRecord[] = [];
  private nextEffect = 1;
  private nextCall = 1;

  constructor(private readonly now: () => Date) {}

  /** Records an effect and returns it. */
  effect(record: Omit<EffectRecord, 'id' | 'at'>): EffectRecord {
    const effect: EffectRecord = { id: this.nextEffect++, at: this.now().toISOString(), ...record };
    this.effectList.push(effect);
    if (this.effectList.length > MAX_EFFECTS) this.effectList.shift();
    return effect;
  }

  call(record: Omit<CallRecord, 'id' | 'at'>): void {
    this.callList.push({ id: this.nextCall++, at: this.now().toISOString(), ...record });
    if (this.callList.length > MAX_CALLS) this.callList.shift();
  }

  /** Effects in the order they happened. */
  effects(filter: EffectFilter = {}): EffectRecord[] {
    return this.effectList.filter(
      (effect) =>
        (filter.system === undefined || effect.system === filter.system) &&
        (filter.kind === undefined || effect.kind === filter.kind) &&
        (filter.idempotencyKey === undefined || effect.idempotencyKey === filter.idempotencyKey) &&
        (filter.afterId === undefined || effect.id > filter.afterId),
    );
  }

  /** Recent calls, oldest first. */
  calls(system?: string): CallRecord[] {
    return system === undefined ? [...this.callList] : this.callList.filter((call) => call.system === system);
  }

  clear(): void {
    this.effectList = [];
    this.callList = [];
    this.nextEffect = 1;
    this.nextCall = 1;
  }
}
