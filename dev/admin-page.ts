import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { injectSandbox, sandboxContext, type SandboxContext } from './bridge/bridge-stand-in';
import { indexSite } from './site/site-index';
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
 *
 * The same resource on one object, as those modules frame it: `/issue/<issueId>` (Jira's issue context
 * panel) and `/page/<pageId>` (Confluence's byline item), with the context the host would give.
 */
export async function serveAdminPage(sandbox: Sandbox, url: URL, response: ServerResponse): Promise<void> {
  const confluence = url.pathname === '/confluence' || url.pathname === '/confluence/';
  const object = /^\/(issue|page)\/([^/]+)\/?$/.exec(url.pathname);
  if (url.pathname === '/' || confluence || object) {
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
    const view = object
      ? objectView(sandbox, object[1] === 'issue', decodeURIComponent(object[2] ?? ''))
      : {};
    const product = confluence || object?.[1] === 'page' ? 'confluence' : 'jira';
    const context = sandboxContext(product, {
      ...view,
      accountId: url.searchParams.get('as') ?? sandbox.defaultAccountId,
      cloudId: sandbox.site.cloudId,
      siteUrl: `http://${url.host}`,
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      license: { active: sandbox.host.license.isActive },
    });
    response.writeHead(200, { 'content-type': TYPES['.html'] ?? 'text/html' });
    response.end(injectSandbox(html, context));
    return;
  }
  // Assets are addressed relative to the page, so /confluence/assets/x and /assets/x are the same file.
  const relative = normalize(url.pathname.replace(/^\/(confluence|issue|page)\//, '/')).replace(
    /^(\.\.[/\\])+/,
    '',
  );
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

/** What the host puts in the context of `jira:issueContext` and `confluence:contentBylineItem`. */
function objectView(sandbox: Sandbox, issue: boolean, id: string): Partial<SandboxContext> {
  const index = indexSite(sandbox.site);
  if (issue) {
    const found = index.issueById.get(id);
    const project = found ? index.projectById.get(found.projectId) : undefined;
    return {
      moduleKey: 'audit-trail-issue',
      extension: {
        type: 'jira:issueContext',
        issue: {
          id,
          ...(found ? { key: found.key, type: found.issueType.name, typeId: found.issueType.id } : {}),
        },
        ...(project ? { project: { id: project.id, key: project.key, type: project.projectTypeKey } } : {}),
        isNewToIssue: false,
      },
    };
  }
  const page = index.pageById.get(id);
  const space = page ? index.spaceById.get(page.spaceId) : undefined;
  return {
    moduleKey: 'audit-trail-content',
    extension: {
      type: 'confluence:contentBylineItem',
      content: { id, type: page?.type ?? 'page', subtype: null },
      ...(space ? { space: { id: space.id, key: space.key } } : {}),
    },
  };
}
