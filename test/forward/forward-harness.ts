import { randomBytes } from 'node:crypto';
import { startSandbox, type Sandbox } from '../../dev/sandbox';
import { syntheticEvents } from '../../dev/seed/synthetic-activity';
import { useClock } from '../../src/forward/delivery/clock';
import type { TestEngine } from '../support/engines';

/** A Standard Webhooks secret: `whsec_` and base64 of 32 random bytes. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/**
 * The sandbox with forwarding's seams: a clock the test moves forward by whole scheduled intervals
 * (backoff and Retry-After are measured on it), helpers to add activity and to run `seal-and-forward`
 * exactly as Forge's scheduler would (through the manifest and the runtime stand-in).
 */
export class ForwardHarness {
  private offsetMs = 0;
  private seeded = 0;

  private constructor(readonly sandbox: Sandbox) {}

  static async start(
    engine: TestEngine,
    options: { functionTimeoutMs?: number } = {},
  ): Promise<ForwardHarness> {
    const sandbox = await startSandbox({
      auditDb: await engine.freshDatabase(),
      kvsFile: null,
      ...(options.functionTimeoutMs !== undefined ? { functionTimeoutMs: options.functionTimeoutMs } : {}),
    });
    const harness = new ForwardHarness(sandbox);
    useClock({ now: () => Date.now() + harness.offsetMs });
    return harness;
  }

  async close(): Promise<void> {
    useClock(undefined);
    await this.sandbox.close();
  }

  /** Lets `minutes` pass on the forwarding clock (the time between scheduled runs). */
  advance(minutes: number): void {
    this.offsetMs += minutes * 60_000;
  }

  invoke<T = unknown>(key: string, payload: unknown = {}): Promise<T> {
    return this.sandbox.host.invoke(
      'jira:adminPage',
      key,
      payload,
      this.sandbox.defaultAccountId,
    ) as Promise<T>;
  }

  /** Delivers `count` more synthetic product events (realistic Jira and Confluence activity). */
  async addActivity(count: number): Promise<number> {
    let stored = 0;
    const seed = 1 + this.seeded;
    for (const event of syntheticEvents(this.sandbox.site, {
      count,
      seed,
      end: new Date(Date.now() - this.seeded * 1000),
    })) {
      const answer = await this.sandbox.host.deliverEvent(event);
      if (answer.status === 'stored') stored += 1;
    }
    this.seeded += count;
    return stored;
  }

  /** One `seal-and-forward` run, as the scheduler starts it; then waits for any continuation it queued. */
  async cycle(): Promise<CycleResult> {
    const result = (await this.sandbox.host.runScheduled('seal-and-forward')) as CycleResult;
    await this.sandbox.queue.idle();
    return result;
  }

  async saveDestination<T extends { id: string }>(input: Record<string, unknown>): Promise<T> {
    const saved = await this.invoke<T | { error: { message: string } }>('destinations.save', input);
    if ('error' in saved) throw new Error(`destinations.save refused: ${saved.error.message}`);
    return saved;
  }

  async status(id: string): Promise<StatusItem> {
    const answer = await this.invoke<{ headSeq: number; items: StatusItem[] }>('destinations.status');
    const item = answer.items.find((i) => i.id === id);
    if (!item) throw new Error(`no status for ${id}`);
    return { ...item, headSeq: answer.headSeq };
  }
}

export interface CycleResult {
  readonly sealed: number;
  readonly headSeq: number;
  readonly continued: boolean;
  readonly destinations: readonly {
    id: string;
    outcome: string;
    delivered: number;
    requests: number;
    reason?: string;
  }[];
  readonly error?: string;
}

export interface StatusItem {
  readonly id: string;
  readonly status: 'active' | 'stopped' | 'disabled';
  readonly cursorSeq: number;
  readonly lagRecords: number;
  readonly unsealedRecords: number;
  readonly lagMinutes: number;
  readonly failedAttempts: number;
  readonly lastSuccessAt: string | null;
  readonly lastError: string | null;
  readonly nextAttemptAt: string | null;
  readonly delivered: number;
  readonly requests: number;
  readonly headSeq?: number;
}

/** The record id and seq a delivered document carries, whatever its format. */
export function identify(doc: Record<string, unknown>): { id: string; seq: number | undefined } {
  const metadata = doc.metadata as { uid?: string; sequence?: number } | undefined;
  const event = doc.event as { id?: string; sequence?: number } | undefined;
  if (metadata?.uid) return { id: metadata.uid, seq: metadata.sequence };
  if (doc.type === 'events' && typeof doc.id === 'string') return { id: doc.id, seq: undefined };
  if (event?.id && doc.ecs) return { id: event.id, seq: event.sequence };
  return { id: String(doc.id), seq: doc.seq as number | undefined };
}

/**
 * Whether a delivered document is an alert (src/detect) rather than a record: detections send their
 * alerts to the same destinations, in each format's alert shape.
 */
export function isAlert(doc: Record<string, unknown>): boolean {
  const event = doc.event as { kind?: string } | undefined;
  const tags = doc.tags as unknown;
  return (
    doc.type === 'alert' ||
    doc.class_uid === 2004 ||
    event?.kind === 'alert' ||
    (Array.isArray(tags) && tags.includes('alert'))
  );
}

/** The seal header a delivered document carries, wherever its format puts it (seal-field.ts). */
export function carriedSeal(doc: Record<string, unknown>): unknown {
  const at = (value: unknown, key: string) =>
    value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  if (doc.metadata) return at(doc.unmapped, 'seal');
  if (doc.type === 'events') return at(doc.meta, 'auditTrailSeal');
  if (doc.ecs) return at(doc.audit_trail, 'seal');
  return doc.sealHeader;
}
