import { deliveryLimits } from '../../limits';

/**
 * Forge allows an invocation 100 egress requests per minute it runs (FD:limits-invocation). One budget is
 * shared by every destination an invocation serves. When it is spent the run does not sit idle waiting for
 * the next minute (Forge bills the time a function runs): it ends "behind", and the cycle continues at
 * once in a fresh invocation through the queue, which has a budget of its own.
 */
export class EgressBudget {
  private used = 0;
  private readonly startedMs = Date.now();

  constructor(private readonly perMinute: number = deliveryLimits.egressRequestsPerMinute) {}

  /** True, and counted, when one more request fits this invocation's budget; false when it is spent. */
  take(): boolean {
    const minutes = Math.floor((Date.now() - this.startedMs) / 60_000) + 1;
    if (this.used >= this.perMinute * minutes) return false;
    this.used += 1;
    return true;
  }

  get requests(): number {
    return this.used;
  }
}
