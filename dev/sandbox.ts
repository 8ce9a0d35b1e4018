import { resolve } from 'node:path';
import * as handlers from '../src/index';
import { useStore } from '../src/store/database';
import { countAuditEvents } from '../src/store/audit-events';
import { buildSite, siteAdminIds, type Site } from './site/site-model';
import { handleSiteRequest } from './site/fake-rest';
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
  /** SANDBOX_ADMIN: account ids treated as Jira and Confluence admins; default: jira-administrators. */
  readonly admins?: readonly string[];
  /** Where the KVS stand-in keeps its data; null keeps it in memory. */
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
}

export interface Sandbox {
  readonly host: AppHost;
  readonly site: Site;
  readonly opened: OpenedStore;
  readonly admins: ReadonlySet<string>;
  /** Whom the admin page and `/api/invoke` act as when no account is named. */
  readonly defaultAccountId: string;
  /** The async-events stand-in: `idle()` waits for every pushed event's consumer run to finish. */
  readonly queue: QueueStandIn;
  /** The personal-data reporting stand-in: what the app reported. */
  readonly privacy: PrivacyStandIn;
  records(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Assembles the local platform: a fake site, the chosen database, the Forge runtime stand-in, and the
 * app's real handlers routed by its real manifest. Then does what Forge does after an install: runs the
 * `schema` scheduled trigger.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const site = buildSite();
  const opened = openStore(options.auditDb ?? DEFAULT_AUDIT_DB);
  useStore(opened.store);
  const admins = new Set(options.admins?.length ? options.admins : siteAdminIds(site));
  const [firstAdmin] = admins;
  if (!firstAdmin) throw new Error('The fake site has no administrators and SANDBOX_ADMIN names none');
  const kvsFile = options.kvsFile === undefined ? resolve(ROOT, 'data/kvs.json') : options.kvsFile;
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
    products: (request) => handleSiteRequest(site, { ...request, admins, auditRecords }),
    cloudId: site.cloudId,
  });
  const host = new AppHost(
    handlers,
    readManifest(resolve(ROOT, 'manifest.yml')),
    { cloudId: site.cloudId },
    options.functionTimeoutMs === undefined ? {} : { functionTimeoutMs: options.functionTimeoutMs },
  );
  consumers.host = host;
  await host.runScheduled('schema');
  return {
    host,
    site,
    opened,
    admins,
    defaultAccountId: firstAdmin,
    records: () => countAuditEvents(opened.store),
    queue,
    privacy,
    close: async () => {
      await queue.idle();
      await opened.close();
    },
  };
}
