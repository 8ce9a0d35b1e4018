import { initialsAvatarPath } from '../avatars';
import type { Site } from './site-model';

/** What the fake site is asked: one REST call, as the Forge runtime stand-in hands it over. */
export interface SiteRequest {
  readonly product: 'jira' | 'confluence';
  readonly method: string;
  /** Path with query string, e.g. '/rest/api/3/user?accountId=…'. An absolute URL is accepted too. */
  readonly path: string;
  /** The request body: parsed JSON, or the raw JSON text (as `fetch` would send it). */
  readonly body?: unknown;
  /** Who is calling: an account id for `asUser()`, null or absent for `asApp()`. */
  readonly asAccountId?: string | null;
  /**
   * Account ids that hold this product's administer permission: the sandbox's admins of the product
   * (SANDBOX_ADMIN with SANDBOX_JIRA_ADMIN or SANDBOX_CONFLUENCE_ADMIN).
   */
  readonly admins: ReadonlySet<string>;
  /**
   * Native audit records the site serves from `/rest/api/3/auditing/record` and `/wiki/rest/api/audit`
   * (SANDBOX_JIRA_AUDIT / SANDBOX_CONFLUENCE_AUDIT), each in the shape that API returns one record in.
   */
  readonly auditRecords?: {
    readonly jira?: readonly Readonly<Record<string, unknown>>[];
    readonly confluence?: readonly Readonly<Record<string, unknown>>[];
  };
}

export interface SiteResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** JSON-able; the caller serialises it. */
  readonly body: unknown;
}

/** A request with its URL parsed and its body decoded, as the product handlers see it. */
export interface ParsedRequest {
  readonly site: Site;
  readonly method: string;
  readonly pathname: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
  /** Set when the body was text that is not JSON; each product reports it in its own error shape. */
  readonly bodyError: string | null;
  readonly asAccountId: string | null;
  readonly admins: ReadonlySet<string>;
  readonly auditRecords: NonNullable<SiteRequest['auditRecords']>;
}

const JSON_HEADERS = { 'content-type': 'application/json;charset=UTF-8' } as const;

export function json(
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): SiteResponse {
  return { status, headers: { ...JSON_HEADERS, ...headers }, body };
}

export function parseRequest(site: Site, request: SiteRequest): ParsedRequest {
  const url = new URL(request.path, site.baseUrl);
  let body = request.body;
  let bodyError: string | null = null;
  if (typeof body === 'string') {
    if (body.trim() === '') body = undefined;
    else {
      try {
        body = JSON.parse(body) as unknown;
      } catch (error) {
        bodyError = error instanceof Error ? error.message : 'Invalid JSON';
        body = undefined;
      }
    }
  }
  return {
    site,
    method: request.method.toUpperCase(),
    pathname: url.pathname.replace(/\/+$/, '') || '/',
    query: url.searchParams,
    body,
    bodyError,
    asAccountId: request.asAccountId ?? null,
    admins: request.admins,
    auditRecords: request.auditRecords ?? {},
  };
}

/**
 * A non-negative integer query parameter; `fallback` when absent. Returns null when present but not a
 * number, which each product reports in its own error shape.
 */
export function intParam(query: URLSearchParams, name: string, fallback: number): number | null {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) return null;
  return Number(raw);
}

/** Jira's date-time format: '2026-11-15T06:27:39.888+0000'. */
export function jiraDateTime(iso: string): string {
  return iso.replace(/Z$/, '+0000');
}

/** Query parameters that may repeat and may also hold comma-separated lists (`?id=1&id=2`, `?ids=1,2`). */
export function listParam(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Initials avatar, as Atlassian shows for people without a photo; Atlassian's CDN serves those, here the
 * sandbox does (dev/avatars.ts), so the page stays offline.
 */
export function initialsAvatar(displayName: string, size: number): string {
  const initials = displayName
    .split(/\s+/)
    .map((w) => w[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return initialsAvatarPath(initials, size);
}
