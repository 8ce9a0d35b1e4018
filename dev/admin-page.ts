import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { injectSandbox, sandboxContext } from './bridge/bridge-stand-in';
import { sendError } from './http-io';
import { ROOT, type Sandbox } from './sandbox';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const BUILD = resolve(ROOT, 'static/admin/build');

/**
 * Serves the app's Custom UI resource as Jira (`/`) or Confluence (`/confluence`) would frame it, with
 * the host side of `@forge/bridge` injected. `?as=<accountId>` opens it as another user.
 */
export async function serveAdminPage(sandbox: Sandbox, url: URL, response: ServerResponse): Promise<void> {
  const confluence = url.pathname === '/confluence' || url.pathname === '/confluence/';
  if (url.pathname === '/' || confluence) {
    let html: string;
    try {
      html = await readFile(join(BUILD, 'index.html'), 'utf8');
    } catch {
      return sendError(
        response,
        503,
        'UI_NOT_BUILT',
        'The admin page is not built yet: run `npm run build:ui` (npm start does it).',
      );
    }
    const context = sandboxContext(confluence ? 'confluence' : 'jira', {
      accountId: url.searchParams.get('as') ?? sandbox.defaultAccountId,
      cloudId: sandbox.site.cloudId,
      siteUrl: `http://${url.host}`,
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    });
    response.writeHead(200, { 'content-type': TYPES['.html'] ?? 'text/html' });
    response.end(injectSandbox(html, context));
    return;
  }
  // Assets are addressed relative to the page, so /confluence/assets/x and /assets/x are the same file.
  const relative = normalize(url.pathname.replace(/^\/confluence\//, '/')).replace(/^(\.\.[/\\])+/, '');
  const file = join(BUILD, relative);
  if (!file.startsWith(BUILD)) return sendError(response, 404, 'NOT_FOUND', 'No such file');
  try {
    const body = await readFile(file);
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(body);
  } catch {
    sendError(response, 404, 'NOT_FOUND', `No file ${url.pathname}`);
  }
}
