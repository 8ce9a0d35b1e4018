import { randomUUID } from 'node:crypto';
import { forgeError, jsonResponse } from './json-response';

/** What the consumer's function receives for one pushed event (`AsyncEvent` of `@forge/events`). */
export interface QueuedEvent {
  readonly queueName: string;
  readonly jobId: string;
  readonly eventId: string;
  readonly body: Record<string, unknown>;
}

/**
 * Stands in for Forge's async-events service: `Queue.push` (from `@forge/events`, through the runtime's
 * `__forge_fetch__`) answers 201 at once, and each event is then handed to the queue's consumer
 * asynchronously, after its `delayInSeconds`, as Forge would. Events sharing a `concurrency.key` run one
 * at a time (the stand-in treats every limit as 1). `idle()` resolves once nothing is queued or running,
 * so tests and shutdown can wait for the work a push started.
 */
export class QueueStandIn {
  private pending = 0;
  /** Consumer runs started so far. */
  runs = 0;
  private waiters: (() => void)[] = [];
  private readonly chains = new Map<string, Promise<void>>();

  constructor(private readonly deliver: (queueName: string, event: QueuedEvent) => Promise<unknown>) {}

  async handle(path: string, init: RequestInit | undefined): Promise<Response> {
    if (!path.startsWith('/webhook/queue/publish/')) {
      return forgeError(404, 'NOT_FOUND', `The queue stand-in does not serve ${path}`);
    }
    let request: { queueName?: unknown; jobId?: unknown; payload?: unknown };
    try {
      request = JSON.parse(String(init?.body ?? '{}')) as typeof request;
    } catch {
      return forgeError(400, 'BAD_REQUEST', 'The push body is not JSON');
    }
    const queueName = String(request.queueName ?? '');
    const jobId = String(request.jobId ?? randomUUID());
    const events = Array.isArray(request.payload) ? request.payload : [];
    for (const pushed of events as {
      body?: unknown;
      delayInSeconds?: unknown;
      concurrency?: { key?: unknown };
    }[]) {
      const event: QueuedEvent = {
        queueName,
        jobId,
        eventId: randomUUID(),
        body: (pushed.body ?? {}) as Record<string, unknown>,
      };
      const delayMs = typeof pushed.delayInSeconds === 'number' ? pushed.delayInSeconds * 1000 : 0;
      const key = typeof pushed.concurrency?.key === 'string' ? pushed.concurrency.key : undefined;
      this.schedule(queueName, event, delayMs, key);
    }
    return jsonResponse(201, {});
  }

  /** Resolves when no pushed event is waiting or running (including events those runs pushed). */
  idle(): Promise<void> {
    return this.pending === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  private schedule(queueName: string, event: QueuedEvent, delayMs: number, key: string | undefined): void {
    this.pending += 1;
    const run = async () => {
      this.runs += 1;
      try {
        await this.deliver(queueName, event);
      } catch (error) {
        console.error(`queue stand-in: the ${queueName} consumer failed: ${String(error)}`);
      }
    };
    const start = () => {
      const previous = key ? (this.chains.get(key) ?? Promise.resolve()) : Promise.resolve();
      const next = previous.then(run);
      if (key) this.chains.set(key, next);
      void next.finally(() => {
        if (key && this.chains.get(key) === next) this.chains.delete(key);
        this.pending -= 1;
        if (this.pending === 0) for (const resolve of this.waiters.splice(0)) resolve();
      });
    };
    if (delayMs > 0) setTimeout(start, delayMs);
    else setImmediate(start);
  }
}
