import { asApp, route, type APIResponse } from '@forge/api';
import { ResolverFailure } from '../admin/resolver-error';
import type { Product } from '../record/audit-record';
import { readJson, unavailable } from '../product-rest/product-rest';
import { TtlCache } from '../product-rest/ttl-cache';

/**
 * Keys in filters. People type a project's or space's key (`PAY`) and an issue's key (`PAY-12`); records
 * are filtered by id, because the indexes lead with `container_id` and `trail_id`, and because a key
 * changes when a project is re-keyed or an issue moves while its id never does. So keys are resolved to
 * ids through the products' REST APIs, as the app (like group names). A key that nothing on the site has
 * is a BAD_REQUEST naming the field, never an empty answer; a deleted project, space or issue no longer
 * answers to its key, so its records are found by id.
 *
 * Jira project and issue ids and Confluence space and content ids are numbers. Anything else in
 * `containers` is a key; in `objects`, a value shaped like an issue key is one, and others pass as ids.
 */

const ID = /^\d+$/;
/** A Jira issue key: the project key (a letter, then letters, digits or `_`), a dash, a number. */
const ISSUE_KEY = /^[A-Za-z][A-Za-z0-9_]*-\d+$/;

/** Project keys per `/rest/api/3/project/search` request: the API takes up to 50 `keys`. */
const PROJECT_KEYS_PER_REQUEST = 50;
/** Space keys per `/wiki/api/v2/spaces` request: its `limit` goes up to 250. */
const SPACE_KEYS_PER_REQUEST = 250;
/** Issue lookups under way at once: a filter holds at most 200 objects, typed by hand. */
const PARALLEL_ISSUES = 5;

/**
 * Found keys are kept for five minutes, like group members: the admin page asks again on every page
 * turn. A key not found is not kept, so a project created a moment ago is found on the next try.
 */
const found = new TtlCache<readonly string[]>(5 * 60_000, 2000);

/**
 * `containers` with every key replaced by the ids of the Jira projects and Confluence spaces that have
 * it (both, if a project and a space share a key; only those of the filter's products, when it names
 * any).
 */
export async function containerIds(
  values: readonly string[],
  products: readonly Product[] | undefined,
): Promise<readonly string[]> {
  const keys = [...new Set(values.filter((v) => !ID.test(v)))];
  if (keys.length === 0) return values;
  const inJira = products === undefined || products.includes('jira');
  const inConfluence = products === undefined || products.includes('confluence');
  const ids = new Map<string, string[]>(keys.map((k) => [k, []]));
  const add = (lookup: ReadonlyMap<string, readonly string[]>) => {
    for (const [key, forKey] of lookup) ids.get(key)?.push(...forKey);
  };
  if (inJira) add(await cached('project', keys, projectIdsByKey));
  if (inConfluence) add(await cached('space', keys, spaceIdsByKey));
  const missing = keys.filter((k) => ids.get(k)?.length === 0);
  if (missing.length > 0) {
    const where = [inJira ? 'Jira project' : '', inConfluence ? 'Confluence space' : '']
      .filter(Boolean)
      .join(' or ');
    throw notFound('containers', `no ${where} has the key ${quoted(missing)}`);
  }
  return [...new Set([...values.filter((v) => ID.test(v)), ...[...ids.values()].flat()])];
}

/** `objects` with every issue key replaced by that issue's id. */
export async function objectIds(values: readonly string[]): Promise<readonly string[]> {
  const keys = [...new Set(values.filter((v) => ISSUE_KEY.test(v)))];
  if (keys.length === 0) return values;
  const ids = await cached('issue', keys, issueIdsByKey);
  const missing = keys.filter((k) => (ids.get(k) ?? []).length === 0);
  if (missing.length > 0) throw notFound('objects', `no Jira issue has the key ${quoted(missing)}`);
  return [...new Set([...values.filter((v) => !ISSUE_KEY.test(v)), ...[...ids.values()].flat()])];
}

type Lookup = (keys: readonly string[]) => Promise<ReadonlyMap<string, readonly string[]>>;

/** The ids of each key: from the cache where it has them, asked of the product for the rest. */
async function cached(
  kind: string,
  keys: readonly string[],
  lookup: Lookup,
): Promise<ReadonlyMap<string, readonly string[]>> {
  const ids = new Map<string, readonly string[]>();
  const unknown: string[] = [];
  for (const key of keys) {
    const hit = found.get(`${kind}:${key}`);
    if (hit === undefined) unknown.push(key);
    else ids.set(key, hit);
  }
  if (unknown.length > 0) {
    for (const [key, forKey] of await lookup(unknown)) {
      ids.set(key, forKey);
      if (forKey.length > 0) found.set(`${kind}:${key}`, forKey);
    }
  }
  return ids;
}

/** Jira matches project keys case-insensitively, and answers with the key as it is spelled. */
async function projectIdsByKey(keys: readonly string[]): Promise<ReadonlyMap<string, readonly string[]>> {
  const byUpper = new Map<string, string[]>();
  for (let i = 0; i < keys.length; i += PROJECT_KEYS_PER_REQUEST) {
    const batch = keys.slice(i, i + PROJECT_KEYS_PER_REQUEST);
    const params = new URLSearchParams(batch.map((key): [string, string] => ['keys', key]));
    params.set('maxResults', String(PROJECT_KEYS_PER_REQUEST));
    const response = await asApp().requestJira(route`/rest/api/3/project/search?${params}`);
    const body = await answered(response, 'Looking up project keys in Jira');
    for (const project of (body as { values?: { id?: unknown; key?: unknown }[] }).values ?? []) {
      if (typeof project.key !== 'string' || project.id === undefined) continue;
      const upper = project.key.toUpperCase();
      byUpper.set(upper, [...(byUpper.get(upper) ?? []), String(project.id)]);
    }
  }
  return new Map(keys.map((key) => [key, byUpper.get(key.toUpperCase()) ?? []]));
}

/** Confluence space keys are case-sensitive (`~` starts a personal space's). */
async function spaceIdsByKey(keys: readonly string[]): Promise<ReadonlyMap<string, readonly string[]>> {
  const byKey = new Map<string, string[]>();
  for (let i = 0; i < keys.length; i += SPACE_KEYS_PER_REQUEST) {
    const batch = keys.slice(i, i + SPACE_KEYS_PER_REQUEST);
    const params = new URLSearchParams({ keys: batch.join(','), limit: String(SPACE_KEYS_PER_REQUEST) });
    const response = await asApp().requestConfluence(route`/wiki/api/v2/spaces?${params}`);
    const body = await answered(response, 'Looking up space keys in Confluence');
    for (const space of (body as { results?: { id?: unknown; key?: unknown }[] }).results ?? []) {
      if (typeof space.key !== 'string' || space.id === undefined) continue;
      byKey.set(space.key, [...(byKey.get(space.key) ?? []), String(space.id)]);
    }
  }
  return new Map(keys.map((key) => [key, byKey.get(key) ?? []]));
}

async function issueIdsByKey(keys: readonly string[]): Promise<ReadonlyMap<string, readonly string[]>> {
  const ids = new Map<string, readonly string[]>();
  for (let i = 0; i < keys.length; i += PARALLEL_ISSUES) {
    const batch = keys.slice(i, i + PARALLEL_ISSUES);
    const answers = await Promise.all(
      batch.map(async (key) => {
        const response = await asApp().requestJira(route`/rest/api/3/issue/${key}?fields=id`);
        const body = await answered(response, 'Looking up issue keys in Jira');
        const id = (body as { id?: unknown } | undefined)?.id;
        return [key, id === undefined || id === null ? [] : [String(id)]] as const;
      }),
    );
    for (const [key, forKey] of answers) ids.set(key, forKey);
  }
  return ids;
}

/**
 * The body of a lookup's answer; undefined when the product says the thing is not there (4xx: a missing
 * issue is 404, and a product not installed on the site has nothing with the key either). The platform
 * failing (5xx, throttling) is UNAVAILABLE, never a key that does not exist.
 */
async function answered(response: APIResponse, what: string): Promise<unknown> {
  if (response.ok) return readJson(response);
  if (response.status === 429 || response.status >= 500) throw unavailable(what, response.status);
  return undefined;
}

function notFound(field: 'containers' | 'objects', problem: string): ResolverFailure {
  return new ResolverFailure('BAD_REQUEST', `${field}: ${problem} (filter a deleted one by its id)`, field);
}

function quoted(keys: readonly string[]): string {
  return keys.map((k) => `'${k}'`).join(', ');
}
