import { asApp, route, type APIResponse } from '@forge/api';
import { readJson, unavailable } from '../product-rest/product-rest';
import { TtlCache } from '../product-rest/ttl-cache';
import { usersMatching } from './user-search';

/**
 * Names and avatars for account ids. The log stores account ids only (names change, and are personal
 * data the app need not keep); the admin page asks for the ones on screen. Asked of Jira as the app
 * (`/rest/api/3/user/bulk`, many ids per call); a site whose Jira does not answer (Confluence only)
 * falls back to Confluence's `/wiki/rest/api/user`, one call per person. Answers, including "no such
 * account", are kept for ten minutes.
 */
export interface Person {
  readonly displayName: string;
  readonly avatarUrl?: string;
  readonly active?: boolean;
}

const cache = new TtlCache<Person | null>(10 * 60_000, 10_000);

/** Account ids per `/user/bulk` call: a URL of ~50 × 60 characters stays short. */
const BULK = 50;
const CONFLUENCE_PARALLEL = 5;

export async function lookupPeople(accountIds: readonly string[]): Promise<Record<string, Person>> {
  const people: Record<string, Person> = {};
  const missing: string[] = [];
  for (const id of new Set(accountIds)) {
    const known = cache.get(id);
    if (known === undefined) missing.push(id);
    else if (known !== null) people[id] = known;
  }
  if (missing.length > 0) {
    const found = (await fromJira(missing)) ?? (await fromConfluence(missing));
    for (const id of missing) {
      const person = found.get(id);
      cache.set(id, person ?? null);
      if (person !== undefined) people[id] = person;
    }
  }
  return people;
}

const named = new TtlCache<readonly string[]>(10 * 60_000, 1000);

/**
 * The account ids of the people whose name (or email address) a typed text starts, for the log's free
 * text: the log stores no names, so "Mia Mensah" is turned into her account id here and matched as an
 * actor. Asked of Jira's user search as the app; a site without Jira has no one to find this way. The
 * people found are remembered by id too, so the page's names for them cost no further call.
 */
export async function accountIdsNamed(text: string): Promise<readonly string[]> {
  const query = text.trim().toLowerCase();
  if (query === '') return [];
  const known = named.get(query);
  if (known !== undefined) return known;
  const found = (await usersMatching(query)) ?? [];
  for (const { accountId, ...person } of found) cache.set(accountId, person);
  const ids = found.map((p) => p.accountId);
  named.set(query, ids);
  return ids;
}

/** Undefined when Jira is not there to ask (a Confluence-only site). */
async function fromJira(ids: readonly string[]): Promise<Map<string, Person> | undefined> {
  const found = new Map<string, Person>();
  for (let i = 0; i < ids.length; i += BULK) {
    const batch = ids.slice(i, i + BULK);
    let startAt = 0;
    for (;;) {
      const params = new URLSearchParams({ startAt: String(startAt), maxResults: String(BULK) });
      for (const id of batch) params.append('accountId', id);
      const response = await asApp().requestJira(route`/rest/api/3/user/bulk?${params}`);
      if (noProduct(response)) return undefined;
      if (!response.ok) throw unavailable('Looking up people in Jira', response.status);
      const body = (await readJson(response)) as {
        values?: {
          accountId?: unknown;
          displayName?: unknown;
          active?: unknown;
          avatarUrls?: Record<string, unknown>;
        }[];
        isLast?: unknown;
      };
      const values = body?.values ?? [];
      for (const user of values) {
        if (typeof user.accountId !== 'string' || typeof user.displayName !== 'string') continue;
        const avatar = user.avatarUrls?.['48x48'];
        found.set(user.accountId, {
          displayName: user.displayName,
          ...(typeof avatar === 'string' ? { avatarUrl: avatar } : {}),
          ...(typeof user.active === 'boolean' ? { active: user.active } : {}),
        });
      }
      if (body?.isLast !== false || values.length === 0) break;
      startAt += values.length;
    }
  }
  return found;
}

async function fromConfluence(ids: readonly string[]): Promise<Map<string, Person>> {
  const found = new Map<string, Person>();
  for (let i = 0; i < ids.length; i += CONFLUENCE_PARALLEL) {
    await Promise.all(
      ids.slice(i, i + CONFLUENCE_PARALLEL).map(async (id) => {
        const response = await asApp().requestConfluence(
          route`/wiki/rest/api/user?${new URLSearchParams({ accountId: id })}`,
        );
        if (response.status === 404) return;
        if (!response.ok) throw unavailable('Looking up people in Confluence', response.status);
        const user = (await readJson(response)) as {
          displayName?: unknown;
          publicName?: unknown;
          profilePicture?: { path?: unknown };
          _links?: { base?: unknown };
        };
        const name = typeof user?.displayName === 'string' ? user.displayName : user?.publicName;
        if (typeof name !== 'string') return;
        const path = user.profilePicture?.path;
        const base = user._links?.base;
        found.set(id, {
          displayName: name,
          ...(typeof path === 'string' && typeof base === 'string'
            ? { avatarUrl: new URL(path, base).toString() }
            : {}),
        });
      }),
    );
  }
  return found;
}

/** Jira absent from the site: the proxy answers 404 for its REST API, or refuses the product. */
function noProduct(response: APIResponse): boolean {
  return response.status === 404;
}

/** For tests: forget every answer. */
export function forgetPeople(): void {
  cache.clear();
  named.clear();
}
