import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HTTP_STATUS, isResolverError } from '../src/admin/resolver-error';
import { HttpFailure, parseEventsBody, readBody, sendError, sendJson } from './http-io';
import { serveAdminPage } from './admin-page';
import { seedSyntheticActivity } from './seed-sandbox';
import { startSandbox, type Sandbox } from './sandbox';

/**
 * The sandbox's HTTP face: the local contract of DESIGN.md. Every route hands the request to the app's
 * own handlers through the platform stand-in; none of them decides anything about the app's data.
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
  const url = new URL(request.url ?? '/', 'http://sandbox');
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
  if (method === 'GET' && !path.startsWith('/api/')) return serveAdminPage(sandbox, url, response);
  return sendError(response, 404, 'NOT_FOUND', `No route ${method} ${path}`);
}

async function invoke(sandbox: Sandbox, text: string, response: ServerResponse): Promise<void> {
  let body: { key?: unknown; payload?: unknown; accountId?: unknown; product?: unknown };
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
  const pageType = body.product === 'confluence' ? 'confluence:globalSettings' : 'jira:adminPage';
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

async function recordsOrZero(sandbox: Sandbox): Promise<number> {
  try {
    return await sandbox.records();
  } catch {
    return 0;
  }
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8787);
  const sandbox = await startSandbox({
    ...(process.env.AUDIT_DB ? { auditDb: process.env.AUDIT_DB } : {}),
    admins: (process.env.SANDBOX_ADMIN ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  });
  const seed = Number(process.env.SANDBOX_SEED ?? 0);
  if (seed > 0) await seedSyntheticActivity(sandbox, seed);
  const server = createSandboxServer(sandbox);
  server.listen(port, () => {
    void recordsOrZero(sandbox).then((records) => {
      console.log(
        `Audit Trail sandbox on http://localhost:${port}  (${sandbox.opened.description}, ${records} records)`,
      );
      console.log(
        `  admin page: http://localhost:${port}/  ·  as Confluence: http://localhost:${port}/confluence`,
      );
      console.log(`  acting as ${sandbox.defaultAccountId} (admins: ${[...sandbox.admins].join(', ')})`);
    });
  });
  const stop = () => server.close(() => void sandbox.close().then(() => process.exit(0)));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
