/**
 * The wall clock forwarding schedules by (backoff, leases, lag). A composition-root seam like `useStore`:
 * tests move it forward to stand for the minutes between scheduled runs, without waiting them out.
 */
export interface Clock {
  now(): number;
}

const system: Clock = { now: () => Date.now() };
let current: Clock = system;

export function clock(): Clock {
  return current;
}

export function useClock(next: Clock | undefined): void {
  current = next ?? system;
}

/** Waits `ms` of real time (a receiver's short Retry-After inside one run). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
