import type { CycleCompanion } from '../forward/forward-job';
import { notifyAlerts } from './notify-alerts';
import { runDetections } from './run-detections';

/**
 * The detections' share of a seal-and-forward cycle: evaluate the rules over what is newly sealed
 * (reading the pages delivery reads), then send the notifications that are due, new and retried.
 */
export const detectionCycle: CycleCompanion = async ({
  store,
  reader,
  deadlineMs,
  egress,
  formatContext,
}) => {
  const run = await runDetections(store, { reader, deadlineMs });
  await notifyAlerts(store, { deadlineMs, egress, formatContext });
  if (run.alerts > 0)
    console.info(`detect: ${run.alerts} alerts opened or extended through seq ${run.throughSeq}`);
  return { behind: run.outcome === 'behind' };
};
