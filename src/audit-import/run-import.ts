import { randomUUID } from 'node:crypto';
import { asApp, NotAllowedError, route, type APIResponse } from '@forge/api';
import { withoutUgc } from '../capture/ugc-policy';
import { jobLease, openJobRun } from '../jobs/job-state';
import { runDeadlineMs } from '../jobs/run-budget';
import { SCHEMA_NOT_READY, whenSchemaReady, type SchemaNotReady } from '../jobs/when-schema-ready';
import { lifecycleLimits } from '../limits';
import { errorMessagesOf, readJson } from '../product-rest/product-rest';
import type { AuditRecord, Product } from '../record/audit-record';
import { storesUgc, type Settings } from '../settings/settings';
import { readSettings } from '../settings/settings-store';
import { store, type Store } from '../store/database';
import { archivedAlready } from '../archive/archived-ids';
import { insertRecords } from '../store/insert-records';
import { acquireLease, releaseLease } from '../store/lease';
import { fromConfluenceAudit, fromJiraAudit } from './audit-record-mapping';
import {
  afterPage,
  currentPass,
  importStateParts,
  type ImportPassState,
  type ImportState,
  type ProductImport,
} from './import-pass';

/** One page as the shell needs it, whichever product it came from. */
type Fetched =
  | {
      readonly ok: true;
      readonly records: readonly unknown[];
      readonly more: boolean;
      readonly total?: number;
    }
  | { readonly ok: false; readonly status: number; readonly message: string };

export type ImportResult = { readonly busy: true } | SchemaNotReady | { readonly state: ImportState };

/**
 * The `audit-import` scheduled trigger (hourly): imports each product's native audit log into the log,
 * page by page, checkpointing after every page (src/audit-import/import-pass.ts), until caught up or out
 * of time. One invocation at a time (job lock). A product that refuses (no permission, not on the site,
 * a plan without an audit log) is marked unavailable with its answer, for the admin page, and asked
 * again next hour; throttling and server errors leave the checkpoint where it is.
 */
export async function auditImportJob(
  options: {
    readonly target?: Store;
    readonly nowMs?: number;
    readonly products?: readonly Product[];
    /** Tests: records asked per page (default: each API's maximum), and an earlier deadline. */
    readonly pageSize?: number;
    readonly deadlineMs?: number;
  } = {},
): Promise<ImportResult> {
  const target = options.target ?? store();
  const deadlineMs =
    options.deadlineMs ??
    runDeadlineMs(lifecycleLimits.jobFunctionTimeoutSeconds, lifecycleLimits.jobSafetyMarginMs);
  const owner = randomUUID();
  const locked = await whenSchemaReady('audit-import', async () => {
    const now = Date.now();
    const ttlMs = deadlineMs + lifecycleLimits.jobSafetyMarginMs - now;
    return (await acquireLease(target, jobLease(target, 'audit-import'), owner, now, ttlMs)).acquired;
  });
  if (locked === undefined) return SCHEMA_NOT_READY;
  if (!locked) return { busy: true };
  try {
    const run = await openJobRun(target, 'audit-import', owner, importStateParts);
    const settings = await readSettings(target);
    for (const product of options.products ?? (['jira', 'confluence'] as const)) {
      const nowMs = options.nowMs ?? Date.now();
      const started = run.state[product] ?? {};
      const save = (next: ProductImport) => run.save({ ...run.state, [product]: next });
      try {
        await importProduct(target, product, started, {
          nowMs,
          deadlineMs,
          settings,
          save,
          ...(options.pageSize ? { pageSize: options.pageSize } : {}),
        });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        console.error(
          `audit-import: ${product} failed, the next run resumes from the checkpoint: ${message}`,
        );
        // The platform refusing the product outright (not on this site, not allowed) is not a failure.
        const refused = error instanceof NotAllowedError;
        await save({
          ...(run.state[product] ?? {}),
          status: refused ? 'unavailable' : 'error',
          lastRunMs: nowMs,
          message: refused
            ? `${product === 'jira' ? 'Jira' : 'Confluence'} cannot be reached from this site (${message}).`
            : message,
        });
      }
    }
    return { state: run.state as ImportState };
  } finally {
    await releaseLease(target, jobLease(target, 'audit-import'), owner).catch((error: unknown) => {
      console.warn(`audit-import: could not release the lock, it lapses by itself: ${String(error)}`);
    });
  }
}

async function importProduct(
  target: Store,
  product: Product,
  start: ProductImport,
  options: {
    readonly nowMs: number;
    readonly deadlineMs: number;
    readonly settings: Settings;
    readonly save: (state: ProductImport) => Promise<void>;
    readonly pageSize?: number;
  },
): Promise<void> {
  let state: ProductImport = { ...start, status: 'running', lastRunMs: options.nowMs };
  let imported = 0;
  let duplicates = 0;
  const keep = (record: AuditRecord) => (storesUgc(options.settings, product) ? record : withoutUgc(record));
  for (;;) {
    const pass = currentPass(state, options.nowMs);
    const page = await fetchPage(product, pass, options.pageSize);
    if (!page.ok) {
      const unavailable = page.status === 401 || page.status === 403 || page.status === 404;
      state = {
        ...state,
        status: unavailable ? 'unavailable' : 'error',
        message: page.message,
        lastRunImported: imported,
        lastRunDuplicates: duplicates,
      };
      await options.save(state);
      console.warn(`audit-import: ${product}: ${page.message}`);
      return;
    }
    const receivedAt = new Date();
    const map = product === 'jira' ? fromJiraAudit : fromConfluenceAudit;
    const mapped = page.records.flatMap((raw) => {
      const record = map(raw, receivedAt);
      return record ? [keep(record)] : [];
    });
    // A record imported by an earlier pass and since packed into the archive counts as a duplicate.
    const archived = await archivedAlready(target, mapped);
    const records = mapped.filter((r) => !archived.has(r.id));
    const inserted = await insertRecords(target, records);
    imported += inserted;
    duplicates += mapped.length - inserted;
    state = {
      ...afterPage(state, pass, {
        count: page.records.length,
        more: page.more,
        ...(page.total === undefined ? {} : { total: page.total }),
      }),
      imported: (state.imported ?? 0) + inserted,
      lastRunImported: imported,
      lastRunDuplicates: duplicates,
    };
    if (!state.pass) {
      // The pass is complete: everything the API had up to its end is in the log.
      const { message: _m, ...rest } = state;
      state = { ...rest, status: 'ok', lastSuccessMs: Date.now() };
      await options.save(state);
      if (imported > 0) console.info(`audit-import: ${product}: ${imported} new records`);
      return;
    }
    await options.save(state);
    if (Date.now() >= options.deadlineMs) return;
  }
}

/** One page of the product's audit API, as the app. */
async function fetchPage(product: Product, pass: ImportPassState, pageSize?: number): Promise<Fetched> {
  if (product === 'jira') {
    const limit = pageSize ?? lifecycleLimits.jiraAuditPage;
    const params = new URLSearchParams({
      offset: String(pass.offset),
      limit: String(limit),
      to: new Date(pass.toMs).toISOString(),
      ...(pass.fromMs === undefined ? {} : { from: new Date(pass.fromMs).toISOString() }),
    });
    const response = await asApp().requestJira(route`/rest/api/3/auditing/record?${params}`);
    if (!response.ok) return refused(product, response);
    const body = (await readJson(response)) as { records?: unknown; total?: unknown } | undefined;
    const records = Array.isArray(body?.records) ? body.records : [];
    const total = typeof body?.total === 'number' ? body.total : undefined;
    return {
      ok: true,
      records,
      more: total === undefined ? records.length >= limit : pass.offset + records.length < total,
      ...(total === undefined ? {} : { total }),
    };
  }
  const limit = pageSize ?? lifecycleLimits.confluenceAuditPage;
  const params = new URLSearchParams({
    start: String(pass.offset),
    limit: String(limit),
    endDate: String(pass.toMs),
    ...(pass.fromMs === undefined ? {} : { startDate: String(pass.fromMs) }),
  });
  const response = await asApp().requestConfluence(route`/wiki/rest/api/audit?${params}`);
  if (!response.ok) return refused(product, response);
  const body = (await readJson(response)) as { results?: unknown; _links?: { next?: unknown } } | undefined;
  const records = Array.isArray(body?.results) ? body.results : [];
  // Confluence may return fewer than asked ("fixed system limits"): its `next` link says whether more follow.
  return { ok: true, records, more: typeof body?._links?.next === 'string' };
}

async function refused(product: Product, response: APIResponse): Promise<Fetched> {
  const words = errorMessagesOf(await readJson(response)).join(' ');
  const name = product === 'jira' ? 'Jira' : 'Confluence';
  const why =
    response.status === 401 || response.status === 403
      ? `${name} did not let the app read its audit log`
      : response.status === 404
        ? `${name}'s audit log is not available on this site`
        : `${name}'s audit log could not be read; the next run tries again`;
  return {
    ok: false,
    status: response.status,
    message: `${why} (HTTP ${response.status}${words ? `: ${words}` : ''}).`,
  };
}
