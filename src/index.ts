/**
 * The Forge handlers named in manifest.yml, and nothing else: each capability lives in its own folder.
 */
import Resolver from '@forge/resolver';
import { captureEvent } from './capture/capture-event';
import { schemaJob } from './schedule/schema-job';
import { pullApi as pullApiTrigger, type WebTriggerRequest } from './pull-api/pull-api-trigger';
import { sealAndForwardCycle, type ContinueBody } from './forward/forward-job';
import { dailyJob } from './schedule/daily-job';
import { auditImportJob } from './audit-import/run-import';
import { backfillJob } from './backfill/run-backfill';
import { preUninstall as removeSecrets } from './privacy/pre-uninstall';
import { licenceGate } from './admin/licence';
import { resolverGroups } from './resolver-groups';
import { detectionCycle } from './detect/detection-cycle';

/**
 * Product-event triggers (every Jira and Confluence family, views in their own modules). They record
 * whatever the licence (no `appIsLicensed` filter, `context.license` unread): a lapse must leave no gap
 * in the sealed chain, so a renewed licence shows a complete log and a security team never loses
 * history to a billing date. README, "Licensing".
 */
export const capture = (event: unknown) => captureEvent(event);

/** The `schema` scheduled trigger. */
export const schema = () => schemaJob();

const resolvers = new Resolver();
// `define` refuses a key twice, so two capabilities can never claim the same resolver silently. Without
// an active licence the page is read-only: `licenceGate` refuses the changes src/admin/licence.ts names.
for (const group of resolverGroups) {
  for (const [key, fn] of Object.entries(group)) resolvers.define(key, licenceGate(key, fn));
}

/** The admin page's resolvers (`jira:adminPage` and `confluence:globalSettings`). */
export const resolver = resolvers.getDefinitions();

/** The `pull-api` web trigger: sealed records by seq, for a SIEM or script holding a token. */
export const pullApi = (request: WebTriggerRequest) => pullApiTrigger(request);

/**
 * The `seal-and-forward` scheduled trigger: seals new records, then delivers them to the SIEM destinations
 * and evaluates the detection rules over them, notifying what they find.
 * Like every scheduled job it runs whatever the licence (Forge passes scheduled triggers none): sealing
 * what capture keeps recording, and the customer's own SIEM copy, do not stop with a lapse.
 */
export const sealAndForward = (event?: { context?: { cloudId?: string } }) =>
  sealAndForwardCycle({
    ...(event?.context?.cloudId ? { cloudId: event.context.cloudId } : {}),
    companion: detectionCycle,
  });

/** The `forward-continue` queue consumer: the same cycle, continued while a run ends behind. */
export const forwardContinue = (event: { body?: Partial<ContinueBody> }) =>
  sealAndForwardCycle({
    ...(typeof event.body?.cloudId === 'string' ? { cloudId: event.body.cloudId } : {}),
    depth: typeof event.body?.depth === 'number' ? event.body.depth : 1,
    companion: detectionCycle,
  });

/** The `daily` scheduled trigger: retention, insights rollups, personal-data report. */
export const daily = () => dailyJob();

/**
 * The `audit-import` scheduled trigger (hourly): Jira's and Confluence's own audit logs into the log,
 * then the history backfill, if one is asked for and its queue chain stopped.
 */
export const auditImport = async () => {
  const imported = await auditImportJob();
  await backfillJob();
  return imported;
};

/** The `backfill-continue` queue consumer: the history backfill, continued step by step. */
export const backfillContinue = (event: { body?: { depth?: unknown } }) =>
  backfillJob({ depth: typeof event.body?.depth === 'number' ? event.body.depth : 1 });

/** The `preUninstall` module: removes the app's secrets from KVS. */
export const preUninstall = () => removeSecrets();
