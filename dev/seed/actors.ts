import { weightedPicker, type Random, type WeightedPicker } from '../site/random';
import type { Site, SiteUser } from '../site/site-model';
import { HOURS_PER_WEEK, localActivity } from './rhythm';

/** Who may do a kind of thing: anyone working, anyone reading, rules too, or only admins. */
export type ActorPool = 'people' | 'people-or-automation' | 'viewers' | 'jira-admins' | 'confluence-admins';

/**
 * Picks who acts at a given hour of the week: people in proportion to their activity weight and to how
 * likely they are to be at work then (their time zone). Readers are spread wider than writers
 * (square-root weights): many people read what few people write.
 */
export class Actors {
  private readonly people: readonly SiteUser[];
  private readonly automation: SiteUser | undefined;
  private readonly cache = new Map<string, WeightedPicker<SiteUser>>();
  private readonly admins: Readonly<Record<'jira-admins' | 'confluence-admins', WeightedPicker<SiteUser>>>;

  constructor(site: Site) {
    const humans = site.users.filter((u) => u.accountType === 'atlassian' && u.active);
    const working = humans.filter((u) => u.weight > 0);
    // A site where nobody has a weight still needs someone to act.
    this.people = working.length > 0 ? working : humans.map((u) => ({ ...u, weight: 1 }));
    if (this.people.length === 0) throw new Error('The site has no active people to act');
    this.automation = site.users.find((u) => u.accountType === 'app' && u.weight > 0);
    const adminPicker = (groupNames: readonly string[]): WeightedPicker<SiteUser> => {
      const ids = new Set(site.groups.filter((g) => groupNames.includes(g.name)).flatMap((g) => g.memberIds));
      const admins = this.people.filter((u) => ids.has(u.accountId));
      return weightedPicker(admins.length > 0 ? admins : this.people, (u) => u.weight + 0.01);
    };
    this.admins = {
      'jira-admins': adminPicker(['jira-administrators', 'site-admins']),
      'confluence-admins': adminPicker(['confluence-administrators', 'site-admins']),
    };
  }

  /** Relative amount of activity in UTC hour-of-week `slot`, for laying out event times. */
  intensity(slot: number): number {
    let sum = this.automation === undefined ? 0 : this.automation.weight * AUTOMATION_ACTIVITY;
    for (const person of this.people) sum += person.weight * localActivity(person.timeZone, slot);
    return sum;
  }

  pick(pool: ActorPool, slot: number, random: Random): SiteUser {
    if (pool === 'jira-admins' || pool === 'confluence-admins') return this.admins[pool].pick(random);
    const key = `${pool}:${slot % HOURS_PER_WEEK}`;
    let picker = this.cache.get(key);
    if (picker === undefined) {
      const candidates =
        pool === 'people-or-automation' && this.automation ? [...this.people, this.automation] : this.people;
      picker = weightedPicker(candidates, (u) =>
        u.accountType === 'app'
          ? u.weight * AUTOMATION_ACTIVITY
          : (pool === 'viewers' ? Math.sqrt(u.weight) : u.weight) * localActivity(u.timeZone, slot),
      );
      this.cache.set(key, picker);
    }
    return picker.pick(random);
  }
}

/** Automation rules fire around the clock, at about half a busy person's office-hours pace. */
const AUTOMATION_ACTIVITY = 0.5;
