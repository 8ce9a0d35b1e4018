import { resolve } from 'node:path';
import * as handlers from '../src/index';
import { useStore } from '../src/store/database';
import { countAuditEvents } from '../src/store/audit-events';
import { buildSite, siteAdminIds, type Site } from './site/site-model';
import { handleSiteRequest } from './site/fake-rest';
import { AppHost } from './runtime/app-host';
import { FileKvsBackend } from './runtime/file-kvs-backend';
import { installForgeRuntime } from './runtime/forge-runtime';
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
}

export interface Sandbox {
  readonly host: AppHost;
  readonly site: Site;
  readonly opened: OpenedStore;
  readonly admins: ReadonlySet<string>;
  /** Whom the admin page and `/api/invoke` act as when no account is named. */
  readonly defaultAccountId: string;
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
  installForgeRuntime({
    ...(opened.sqlBackend ? { sql: opened.sqlBackend } : {}),
    kvs: new FileKvsBackend(kvsFile),
    products: (request) => handleSiteRequest(site, { ...request, admins }),
    cloudId: site.cloudId,
  });
  const host = new AppHost(handlers, readManifest(resolve(ROOT, 'manifest.yml')), { cloudId: site.cloudId });
  await host.runScheduled('schema');
  return {
    host,
    site,
    opened,
    admins,
    defaultAccountId: firstAdmin,
    records: () => countAuditEvents(opened.store),
    close: () => opened.close(),
  };
}
