import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HTTP_STATUS, isResolverError } from '../src/admin/resolver-error';
import { HttpFailure, parseEventsBody, readBody, sendError, sendJson } from './http-io';
import { serveAdminPage } from './admin-page';
import { serveAvatar } from './avatars';
import { OBJECT_VIEWS } from './runtime/manifest-index';
import { listFromEnv, readNdjsonObjects } from './runtime/ndjson-file';
import { seedSyntheticActivity } from './seed-sandbox';
import { startSandbox, type Sandbox } from './sandbox';

/**
 * The sandbox's HTTP face: the endpoints the README's "Sandbox endpoints" lists. Every route hands the
 * request to the app's own handlers through the platform stand-in; none of them decides anything about
 * the app's data.
 */
export function createSandboxServer(sandbox: Sandbox): Server {
  return createServer((request, response) => {
    route(sandbox, request, response).catch((error: unknown) => {
      if (error instanceof HttpFailure) return sendError(response, error.status, error.code, error.message);
      console.error(error);
      sendError(response, 500, 'INTERNAL', error instanceof Error ? error.message : String(error));
    });
  });
}

async function route(sandbox: Sandbox, request: IncomingMessage, response: ServerResponse): Promise<void> {
  // The Host header, so the page's siteUrl (and the links built on it) point back at this server.
  const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'sandbox'}`);
  const method = request.method ?? 'GET';
  const path = url.pathname;

  if (path === '/api/health' && method === 'GET') {
    return sendJson(response, 200, {
      ok: true,
      engine: sandbox.opened.engine,
      records: await recordsOrZero(sandbox),
    });
  }
  if (path === '/api/events') {
    if (method !== 'POST')
      return sendError(response, 405, 'METHOD_NOT_ALLOWED', 'POST events to /api/events');
    const { events, bad } = parseEventsBody(await readBody(request));
    const results = [];
    for (const [index, event] of events.entries()) {
      const reason = bad.get(index);
      results.push(
        reason
          ? { index, status: 'rejected', reason }
          : { index, ...(await sandbox.host.deliverEvent(event)) },
      );
    }
    const summary: Record<string, number> = {};
    for (const r of results) summary[String(r.status)] = (summary[String(r.status)] ?? 0) + 1;
    return sendJson(response, 200, { summary, results });
  }
  if (path === '/api/invoke') {
    if (method !== 'POST') return sendError(response, 405, 'METHOD_NOT_ALLOWED', 'POST to /api/invoke');
    return invoke(sandbox, await readBody(request), response);
  }
  const scheduled = /^\/api\/scheduled\/([^/]+)$/.exec(path);
  if (scheduled?.[1]) {
    if (method !== 'POST')
      return sendError(response, 405, 'METHOD_NOT_ALLOWED', 'POST to run a scheduled trigger');
    const key = decodeURIComponent(scheduled[1]);
    if (!sandbox.host.scheduledKeys().includes(key)) {
      return sendError(
        response,
        404,
        'NOT_FOUND',
        `No scheduled trigger '${key}'; manifest.yml has: ${sandbox.host.scheduledKeys().join(', ')}`,
      );
    }
    return sendJson(response, 200, { key, result: (await sandbox.host.runScheduled(key)) ?? null });
  }
  const webtrigger = /^\/api\/webtrigger\/([^/]+)/.exec(path);
  if (webtrigger?.[1]) return webTrigger(sandbox, decodeURIComponent(webtrigger[1]), request, url, response);
  if (method === 'GET' && serveAvatar(url, response)) return;
  if (method === 'GET' && !path.startsWith('/api/')) return serveAdminPage(sandbox, url, response);
  return sendError(response, 404, 'NOT_FOUND', `No route ${method} ${path}`);
}

async function invoke(sandbox: Sandbox, text: string, response: ServerResponse): Promise<void> {
  let body: { key?: unknown; payload?: unknown; accountId?: unknown; product?: unknown; module?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return sendError(
      response,
      400,
      'BAD_REQUEST',
      'The body must be JSON: { "key": resolverKey, "payload": {...}, "accountId"?: "..." }',
    );
  }
  if (typeof body.key !== 'string' || !body.key)
    return sendError(response, 400, 'BAD_REQUEST', 'key: a resolver key is required');
  if (body.accountId !== undefined && typeof body.accountId !== 'string') {
    return sendError(response, 400, 'BAD_REQUEST', 'accountId: must be a string');
  }
  if (body.product !== undefined && body.product !== 'jira' && body.product !== 'confluence') {
    return sendError(response, 400, 'BAD_REQUEST', "product: must be 'jira' or 'confluence'");
  }
  // The bridge stand-in says which module is calling (an issue's or page's trail, or the admin page).
  const pageType =
    typeof body.module === 'string' && (OBJECT_VIEWS as readonly string[]).includes(body.module)
      ? body.module
      : body.product === 'confluence'
        ? 'confluence:globalSettings'
        : 'jira:adminPage';
  const accountId = body.accountId ?? sandbox.defaultAccountId;
  let result: unknown;
  try {
    result = await sandbox.host.invoke(pageType, body.key, body.payload ?? {}, accountId);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/has no definition/.test(message))
      return sendError(response, 404, 'NOT_FOUND', `No resolver '${body.key}'`);
    throw error;
  }
  if (isResolverError(result)) return sendJson(response, HTTP_STATUS[result.error.code], result);
  return sendJson(response, 200, result ?? null);
}

/**
 * `ANY /api/webtrigger/:key`: what Forge does with a call to a web trigger URL. The request goes to the
 * function as Forge serialises it (headers and query parameters as lists); the function's
 * `{ statusCode, headers, body }` becomes the response, and anything else a 500, as on Forge.
 */
async function webTrigger(
  sandbox: Sandbox,
  key: string,
  request: IncomingMessage,
  url: URL,
  response: ServerResponse,
): Promise<void> {
  const headers: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value : [value];
  }
  const queryParameters: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams) (queryParameters[name] ??= []).push(value);
  const answer = (await sandbox.host.runWebTrigger(key, {
    method: request.method ?? 'GET',
    path: url.pathname,
    headers,
    queryParameters,
    body: await readBody(request),
  })) as { statusCode?: unknown; headers?: Record<string, string[]>; body?: unknown } | undefined;
  if (answer === undefined)
    return sendError(response, 404, 'NOT_FOUND', `manifest.yml has no webtrigger '${key}'`);
  if (typeof answer?.statusCode !== 'number') {
    return sendError(response, 500, 'INTERNAL', `webtrigger '${key}' answered without a numeric statusCode`);
  }
  response.writeHead(answer.statusCode, answer.headers ?? {});
  response.end(typeof answer.body === 'string' ? answer.body : '');
}

async function recordsOrZero(sandbox: Sandbox): Promise<number> {
  try {
    return await sandbox.records();
  } catch {
    return 0;
  }
}

function licenseFromEnv(value: string | undefined): 'active' | 'inactive' {
  if (value === undefined || value === '' || value === 'active') return 'active';
  if (value === 'inactive') return 'inactive';
  throw new Error(`SANDBOX_LICENSE must be 'active' or 'inactive', not '${value}'`);
}

/**
 * The address the sandbox listens on: this machine only unless `HOST` says otherwise, since the sandbox
 * has no sign-in and is an admin for whoever calls it.
 */
export function listenHost(env: NodeJS.ProcessEnv): string {
  return env.HOST?.trim() || '127.0.0.1';
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8787);
  const env = process.env;
  const host = listenHost(env);
  const sandbox = await startSandbox({
    ...(env.AUDIT_DB ? { auditDb: env.AUDIT_DB } : {}),
    ...(env.AUDIT_KVS ? { kvsFile: env.AUDIT_KVS === ':memory:' ? null : env.AUDIT_KVS } : {}),
    admins: listFromEnv(env.SANDBOX_ADMIN),
    jiraAdmins: listFromEnv(env.SANDBOX_JIRA_ADMIN),
    confluenceAdmins: listFromEnv(env.SANDBOX_CONFLUENCE_ADMIN),
    closedAccounts: listFromEnv(env.SANDBOX_CLOSED_ACCOUNTS),
    ...(env.SANDBOX_JIRA_AUDIT ? { jiraAudit: auditFile('SANDBOX_JIRA_AUDIT', env.SANDBOX_JIRA_AUDIT) } : {}),
    ...(env.SANDBOX_CONFLUENCE_AUDIT
      ? { confluenceAudit: auditFile('SANDBOX_CONFLUENCE_AUDIT', env.SANDBOX_CONFLUENCE_AUDIT) }
      : {}),
    license: licenseFromEnv(env.SANDBOX_LICENSE),
  });
  const seed = Number(process.env.SANDBOX_SEED ?? 0);
  if (seed > 0)
    await seedSyntheticActivity(sandbox, seed, { deliver: deliverFromEnv(env.SANDBOX_SEED_DELIVER) });
  const server = createSandboxServer(sandbox);
  // An address that means "every interface" is reached from this machine as localhost.
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  server.listen(port, host, () => {
    void recordsOrZero(sandbox).then((records) => {
      console.log(
        `Audit Trail sandbox on http://${shown}:${port}  (${sandbox.opened.description}, ${records} records)`,
      );
      console.log(
        `  admin page: http://${shown}:${port}/  ·  as Confluence: http://${shown}:${port}/confluence`,
      );
      console.log(`  acting as ${sandbox.defaultAccountId}`);
      console.log(`  Jira admins: ${listOrNone(sandbox.adminsOf.jira)}`);
      console.log(`  Confluence admins: ${listOrNone(sandbox.adminsOf.confluence)}`);
      console.log(`  KVS: ${sandbox.kvsFile ?? 'in memory'}`);
      if (!sandbox.host.license.isActive) console.log('  licence: inactive (SANDBOX_LICENSE)');
    });
  });
  const stop = () => server.close(() => void sandbox.close().then(() => process.exit(0)));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** An NDJSON audit file named by a setting; a file that cannot be read stops the sandbox naming both. */
function auditFile(setting: string, file: string): Readonly<Record<string, unknown>>[] {
  try {
    return readNdjsonObjects(file);
  } catch (error) {
    throw new Error(`${setting}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

function deliverFromEnv(value: string | undefined): boolean {
  if (value === undefined || value === '' || value === 'true') return true;
  if (value === 'false') return false;
  throw new Error(`SANDBOX_SEED_DELIVER must be 'true' or 'false', not '${value}'`);
}

function listOrNone(ids: ReadonlySet<string>): string {
  return ids.size === 0 ? 'none' : [...ids].join(', ');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
