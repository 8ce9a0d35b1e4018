import { basename, dirname, extname, join, resolve } from 'node:path';
import * as handlers from '../src/index';
import type { Product } from '../src/record/audit-record';
import { useStore } from '../src/store/database';
import { countAuditEvents } from '../src/store/audit-events';
import { buildSite, siteAdminIds, withAccounts, type Site } from './site/site-model';
import { handleSiteRequest } from './site/fake-rest';
import { SiteHistory, withHistory } from './site/site-history';
import { AppHost } from './runtime/app-host';
import { FileKvsBackend } from './runtime/file-kvs-backend';
import { installForgeRuntime } from './runtime/forge-runtime';
import { QueueStandIn } from './runtime/queue-stand-in';
import { PrivacyStandIn } from './runtime/privacy-stand-in';
import { readManifest } from './runtime/manifest-index';
import { DEFAULT_AUDIT_DB, openStore, type OpenedStore } from './runtime/open-store';

export const ROOT = resolve(__dirname, '..');

export interface SandboxOptions {
  /** AUDIT_DB: `sqlite:<file>` (default), `:memory:` or `mysql://…`. */
  readonly auditDb?: string;
  /**
   * SANDBOX_ADMIN: account ids that administer both Jira and Confluence, whether or not the fake site
   * knew them (it gets an account for each id it lacks). When none of the three admin settings names
   * anyone, the fake site's jira-administrators administer both products.
   */
  readonly admins?: readonly string[];
  /** SANDBOX_JIRA_ADMIN: account ids that administer Jira only (per-product rights). */
  readonly jiraAdmins?: readonly string[];
  /** SANDBOX_CONFLUENCE_ADMIN: account ids that administer Confluence only. */
  readonly confluenceAdmins?: readonly string[];
  /**
   * AUDIT_KVS: the file the KVS stand-in keeps keys and secrets in; null keeps them in memory. Default:
   * `kvsFileFor(auditDb)`, with the database.
   */
  readonly kvsFile?: string | null;
  /** Overrides the `timeoutSeconds` of scheduled triggers and queue consumers (tests use short runs). */
  readonly functionTimeoutMs?: number;
  /** SANDBOX_CLOSED_ACCOUNTS: account ids the personal-data reporting stand-in answers as closed. */
  readonly closedAccounts?: readonly string[];
  /** Account ids it answers as updated (tests; no environment setting). */
  readonly updatedAccounts?: readonly string[];
  /**
   * SANDBOX_JIRA_AUDIT / SANDBOX_CONFLUENCE_AUDIT: native audit records the fake site serves from
   * `/rest/api/3/auditing/record` and `/wiki/rest/api/audit`, each in the shape that API returns one in.
   */
  readonly jiraAudit?: readonly Readonly<Record<string, unknown>>[];
  readonly confluenceAudit?: readonly Readonly<Record<string, unknown>>[];
  /**
   * SANDBOX_LICENSE: the Marketplace licence the resolvers, product triggers and the page's context
   * report; `inactive` shows what the app does once a licence lapses. Default: active.
   */
  readonly license?: 'active' | 'inactive';
}

export interface Sandbox {
  readonly host: AppHost;
  readonly site: Site;
  readonly opened: OpenedStore;
  /** Everyone who administers at least one of the products. */
  readonly admins: ReadonlySet<string>;
  /** Who administers each product, as the fake site answers the app's admin checks. */
  readonly adminsOf: Readonly<Record<Product, ReadonlySet<string>>>;
  /** Where the KVS stand-in keeps its data; null: in memory. */
  readonly kvsFile: string | null;
  /**
   * Whom the admin page and `/api/invoke` act as when no account is named: the first SANDBOX_ADMIN,
   * else the first Jira admin, else the first Confluence admin.
   */
  readonly defaultAccountId: string;
  /** The async-events stand-in: `idle()` waits for every pushed event's consumer run to finish. */
  readonly queue: QueueStandIn;
  /** The personal-data reporting stand-in: what the app reported. */
  readonly privacy: PrivacyStandIn;
  /**
   * What the products keep of the seeded activity (changelogs, comments, worklogs, versions…), served
   * by the fake site's history APIs once `serveHistory()` has written it into the site.
   */
  readonly history: SiteHistory;
  /** The site the fake REST APIs answer from now: the built site, with the history written in. */
  servedSite(): Site;
  /** Writes the history recorded so far into the site the REST APIs answer from. */
  serveHistory(): void;
  records(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Assembles the local platform: a fake site, the chosen database, the Forge runtime stand-in, and the
 * app's real handlers routed by its real manifest. Then does what Forge does after an install: runs the
 * `schema` scheduled trigger.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const built = buildSite();
  const named = [options.admins, options.jiraAdmins, options.confluenceAdmins].some((ids) => ids?.length);
  const bothProducts = named ? (options.admins ?? []) : siteAdminIds(built);
  const adminsOf: Record<Product, ReadonlySet<string>> = {
    jira: new Set([...bothProducts, ...(options.jiraAdmins ?? [])]),
    confluence: new Set([...bothProducts, ...(options.confluenceAdmins ?? [])]),
  };
  const admins = new Set([...adminsOf.jira, ...adminsOf.confluence]);
  const [firstAdmin] = [...bothProducts, ...adminsOf.jira, ...adminsOf.confluence];
  if (!firstAdmin) throw new Error('The fake site has no administrators and the admin settings name none');
  const site = withAccounts(built, [...admins]);
  const history = new SiteHistory(site);
  let served: Site = withHistory(site, history);
  const auditDb = options.auditDb ?? DEFAULT_AUDIT_DB;
  const opened = openStore(auditDb);
  useStore(opened.store);
  const kvsFile = options.kvsFile === undefined ? kvsFileFor(auditDb) : options.kvsFile;
  // The queue hands pushed events to the host, which exists once the runtime is installed.
  const consumers: { host?: AppHost } = {};
  const queue = new QueueStandIn(
    (name, event) => consumers.host?.runConsumer(name, event) ?? Promise.resolve(),
  );
  const privacy = new PrivacyStandIn(new Set(options.closedAccounts), new Set(options.updatedAccounts));
  const auditRecords = {
    ...(options.jiraAudit ? { jira: options.jiraAudit } : {}),
    ...(options.confluenceAudit ? { confluence: options.confluenceAudit } : {}),
  };
  installForgeRuntime({
    ...(opened.sqlBackend ? { sql: opened.sqlBackend } : {}),
    queue,
    kvs: new FileKvsBackend(kvsFile),
    privacy,
    products: (request) =>
      handleSiteRequest(served, { ...request, admins: adminsOf[request.product], auditRecords }),
    cloudId: site.cloudId,
  });
  const host = new AppHost(
    handlers,
    readManifest(resolve(ROOT, 'manifest.yml')),
    { cloudId: site.cloudId },
    options.functionTimeoutMs === undefined ? {} : { functionTimeoutMs: options.functionTimeoutMs },
  );
  host.license = { isActive: options.license !== 'inactive' };
  consumers.host = host;
  await host.runScheduled('schema');
  return {
    host,
    site,
    opened,
    admins,
    adminsOf,
    kvsFile,
    defaultAccountId: firstAdmin,
    records: () => countAuditEvents(opened.store),
    queue,
    privacy,
    history,
    servedSite: () => served,
    serveHistory: () => {
      served = withHistory(site, history);
    },
    close: async () => {
      await queue.idle();
      await opened.close();
    },
  };
}

/**
 * Where the KVS stand-in keeps its data unless AUDIT_KVS says: with the database, so a run's keys and
 * secrets (destination credentials, the seal's installation key) live and die with the records they
 * belong to and never leak into a run on another database. `sqlite:data/audit.sqlite` →
 * `data/audit.kvs.json`; `:memory:` → memory; `mysql://…/name` → `data/name.kvs.json` (the server keeps
 * the records after the sandbox stops, so their secrets must be kept too).
 */
export function kvsFileFor(auditDb: string): string | null {
  if (auditDb.startsWith('mysql://') || auditDb.startsWith('mariadb://')) {
    const name = new URL(auditDb).pathname.replace(/^\//, '').replace(/[^\w.-]/g, '_') || 'mysql';
    return join('data', `${name}.kvs.json`);
  }
  const file = auditDb.startsWith('sqlite:') ? auditDb.slice('sqlite:'.length) : auditDb;
  if (file === ':memory:') return null;
  return join(dirname(file), `${basename(file, extname(file))}.kvs.json`);
}
