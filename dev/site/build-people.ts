import { weightedPicker, type Random } from './random';
import { GROUP_NAMES } from './site-catalogue';
import type { SiteGroup, SiteUser } from './site-model';
import { FIRST_NAMES, LAST_NAMES, LOCALES, TIME_ZONES } from './vocabulary';

/** The people of the fake site: accounts, activity weights, where they work, and their groups. */

/** Zipf exponent for activity weights: with ~60 users the busiest tenth does roughly 60% of the work. */
const ACTIVITY_SKEW = 1.15;

export function buildUsers(random: Random, count: number, projectIds: readonly string[]): SiteUser[] {
  const apps: SiteUser[] = [
    // The app itself (it acts, e.g. in audit imports, but people never see it doing work) and an
    // automation app, whose rule runs show up as an app actor on issue changes.
    appUser(`557058:${random.uuid()}`, 'Audit Trail', 0),
    appUser(`557058:${random.uuid()}`, 'Automation for Jira', 0),
  ].slice(0, count >= 4 ? 2 : 1);

  const humans = count - apps.length;
  const names = uniqueNames(random, humans);
  // Some people are deactivated, some licensed but idle; only the rest get an activity rank.
  const status = names.map(() => ({ active: !random.chance(0.05), idle: random.chance(0.1) }));
  const working = status.filter((s) => s.active && !s.idle).length;
  // Ranks are shuffled so that the busiest people are not simply the first ones created.
  const ranks = shuffle(
    random,
    Array.from({ length: working }, (_, i) => i + 1),
  );
  const people: SiteUser[] = names.map((displayName, i) => {
    const { active, idle } = status[i] ?? { active: true, idle: false };
    const rank = active && !idle ? ranks.pop() : undefined;
    const homeCount = random.chance(0.3) ? 2 : 1;
    const homeProjectIds = shuffle(random, [...projectIds]).slice(0, homeCount);
    return {
      accountId: random.chance(0.6) ? `5${random.hex(23)}` : `712020:${random.uuid()}`,
      accountType: 'atlassian',
      displayName,
      emailAddress: `${displayName.toLowerCase().replace(/[^a-z]+/g, '.')}@example.com`,
      active,
      timeZone: random.pick(TIME_ZONES),
      locale: random.pick(LOCALES),
      weight: rank === undefined ? 0 : round(Math.pow(rank, -ACTIVITY_SKEW)),
      homeProjectIds,
      homeSpaceIds: [],
    };
  });
  // Automation works as hard as a top-five person: rules fire on every transition.
  const automation = apps[1];
  if (automation !== undefined) apps[1] = { ...automation, weight: round(Math.pow(5, -ACTIVITY_SKEW)) };
  return [...apps, ...people];
}

function appUser(accountId: string, displayName: string, weight: number): SiteUser {
  return {
    accountId,
    accountType: 'app',
    displayName,
    emailAddress: null,
    active: true,
    timeZone: 'UTC',
    locale: 'en_US',
    weight,
    homeProjectIds: [],
    homeSpaceIds: [],
  };
}

export function assignHomeSpaces(
  random: Random,
  users: readonly SiteUser[],
  spaceIds: readonly string[],
): SiteUser[] {
  const globalSpaces = spaceIds.slice(0, -1);
  return users.map((user) =>
    user.accountType === 'app' || globalSpaces.length === 0
      ? user
      : { ...user, homeSpaceIds: shuffle(random, [...globalSpaces]).slice(0, random.chance(0.4) ? 2 : 1) },
  );
}

function uniqueNames(random: Random, count: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  while (out.length < count) {
    let name = `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
    if (seen.size >= FIRST_NAMES.length * LAST_NAMES.length) name = `${name} ${out.length}`;
    if (seen.has(name)) continue;
    seen.add(name);
    out.push(name);
  }
  return out;
}

export function buildGroups(random: Random, people: readonly SiteUser[]): SiteGroup[] {
  const active = people.filter((u) => u.active);
  const sample = (count: number, from: readonly SiteUser[] = active): string[] =>
    shuffle(random, [...from])
      .slice(0, Math.min(count, from.length))
      .map((u) => u.accountId);
  // Admins are picked among the busier people, as they are on real sites.
  const busy = [...active].sort((a, b) => b.weight - a.weight).slice(0, Math.max(6, active.length / 3));
  const jiraAdmins = sample(3, busy);
  const confluenceAdmins = [...new Set([jiraAdmins[0], ...sample(2, busy)])].filter(isString);
  const siteAdmins = [jiraAdmins[0], confluenceAdmins[1]].filter(isString);
  const developers = sample(Math.round(people.length * 0.45), people);
  const rest = people.filter((u) => !developers.includes(u.accountId));
  const support = sample(Math.round(people.length * 0.2), rest);
  const marketing = sample(
    Math.round(people.length * 0.15),
    rest.filter((u) => !support.includes(u.accountId)),
  );
  const members: Record<(typeof GROUP_NAMES)[number], string[]> = {
    'jira-administrators': jiraAdmins,
    'confluence-administrators': confluenceAdmins,
    'site-admins': [...new Set(siteAdmins)],
    developers,
    support,
    marketing,
  };
  return GROUP_NAMES.map((name) => ({ groupId: random.uuid(), name, memberIds: members[name] }));
}

/** A person, preferring active ones that match; the busier, the likelier (leads, assignees, authors). */
export function pickMember(
  random: Random,
  people: readonly SiteUser[],
  prefer?: (u: SiteUser) => boolean,
): SiteUser {
  const candidates = people.filter((u) => u.active && (prefer === undefined || prefer(u)));
  const pool = candidates.length > 0 ? candidates : people;
  if (pool.some((u) => u.weight > 0)) return weightedPicker(pool, (u) => u.weight + 0.02).pick(random);
  return random.pick(pool);
}

export function shuffle<T>(random: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const a = items[i] as T;
    items[i] = items[j] as T;
    items[j] = a;
  }
  return items;
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

function isString(value: string | undefined): value is string {
  return typeof value === 'string';
}
