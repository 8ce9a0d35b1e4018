import type { ServerResponse } from 'node:http';

/**
 * The fake site's people avatars, served by the sandbox itself: the initials Atlassian shows for someone
 * without a photo, drawn as SVG, so the admin page loads nothing from Atlassian's CDN and works offline.
 * The fake site names them by a root-relative path (`initialsAvatarPath`), which the page resolves
 * against the sandbox it was served from.
 */
export const AVATAR_PREFIX = '/avatars/initials/';

const COLOURS = ['#0052CC', '#00875A', '#5243AA', '#DE350B', '#FF8B00', '#00A3BF', '#6554C0', '#36B37E'];

export function initialsAvatarPath(initials: string, size: number): string {
  return `${AVATAR_PREFIX}${encodeURIComponent(initials)}.svg?size=${size}`;
}

/** `GET /avatars/initials/<initials>.svg?size=<n>`; false when the path is not an avatar's. */
export function serveAvatar(url: URL, response: ServerResponse): boolean {
  if (!url.pathname.startsWith(AVATAR_PREFIX) || !url.pathname.endsWith('.svg')) return false;
  const initials = decodeURIComponent(url.pathname.slice(AVATAR_PREFIX.length, -'.svg'.length))
    .replace(/[^\p{L}\p{N}]/gu, '')
    .slice(0, 2)
    .toUpperCase();
  const size = Math.min(Math.max(Number(url.searchParams.get('size')) || 48, 16), 128);
  let hash = 0;
  for (const c of initials) hash = (hash * 31 + (c.codePointAt(0) ?? 0)) >>> 0;
  const colour = COLOURS[hash % COLOURS.length] ?? '#0052CC';
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 48 48">` +
    `<rect width="48" height="48" fill="${colour}"/>` +
    `<text x="24" y="24" dy="0.35em" text-anchor="middle" font-family="sans-serif" font-size="20" ` +
    `fill="#FFFFFF">${initials}</text></svg>`;
  response.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'max-age=86400' });
  response.end(svg);
  return true;
}
