import { getAppContext } from '@forge/api';

/**
 * How long a scheduled job may keep starting work: the time Forge says this invocation has left, less
 * `marginMs` for the statement in flight and the final writes; `fallbackSeconds` (the manifest's
 * `timeoutSeconds`) when the platform does not say.
 */
export function runDeadlineMs(fallbackSeconds: number, marginMs: number, nowMs = Date.now()): number {
  let remaining = fallbackSeconds * 1000;
  try {
    const left = getAppContext().invocationRemainingTimeInMillis();
    if (Number.isFinite(left) && left > 0) remaining = left;
  } catch {
    // Not reported (older runtime, a test calling the job directly): keep the configured timeout.
  }
  return nowMs + (remaining > 2 * marginMs ? remaining - marginMs : remaining / 2);
}
