import type { ForgeEventPayload } from '../payloads';
import { createRandom, weightedPicker } from '../site/random';
import type { Site } from '../site/site-model';
import { plainText, type SiteText } from '../site/site-text';
import type { ActivityKind } from './activity-kind';
import { Actors } from './actors';
import { confluenceActivity } from './confluence-activity';
import { jiraAdminActivity } from './jira-admin-activity';
import { jiraIssueActivity } from './jira-issue-activity';
import { DAY_MS, eventTimes, slotOfWeek } from './rhythm';
import { World } from './world';

export interface SyntheticActivityOptions {
  /** How many payloads to produce, exactly. */
  readonly count: number;
  /** Same seed (and site, start, end), same events. Default 1. */
  readonly seed?: number;
  /** Default: 90 days before `end`. */
  readonly start?: Date;
  /** Default: now, to the minute. */
  readonly end?: Date;
  /** What people write in new summaries, titles, comments and descriptions; default `plainText`. */
  readonly text?: SiteText;
}

/**
 * Realistic Forge product-event payloads for a fake site, in time order: a few heavy users and many
 * light ones (the users' activity weights), office hours and weekdays in each person's time zone, and
 * every event family in Jira and Confluence, with views as the largest share, as on a real site.
 *
 * A generator: events are built as they are consumed and the state behind them is bounded, so a
 * million events can be streamed into the sandbox without holding them. Payloads come only from the
 * builders in dev/payloads.
 */
export function* syntheticEvents(
  site: Site,
  options: SyntheticActivityOptions,
): Generator<Record<string, unknown>> {
  const count = Math.max(0, Math.floor(options.count));
  const end = (options.end ?? new Date(Math.floor(Date.now() / 60_000) * 60_000)).getTime();
  const start = (options.start ?? new Date(end - 90 * DAY_MS)).getTime();
  if (!(start < end)) throw new RangeError('syntheticEvents: start must be before end');
  const root = createRandom(options.seed ?? 1);
  const random = root.fork('activity');
  const world = new World(site, root.fork('ids'), options.text ?? plainText);
  const actors = new Actors(site);
  const kinds = [...jiraIssueActivity(world), ...jiraAdminActivity(world), ...confluenceActivity(world)];
  const kindPicker = weightedPicker(kinds, (k) => k.weight);

  // Pairs the products send together (assigned + updated…) take the next slots, keeping their own time.
  const pending: ForgeEventPayload[] = [];
  let produced = 0;
  for (const time of eventTimes(root.fork('times'), count, start, end, (slot) => actors.intensity(slot))) {
    if (produced >= count) break;
    if (pending.length === 0) pending.push(...occur(kindPicker.pick(random), time));
    const next = pending.shift();
    if (next === undefined) continue;
    produced += 1;
    yield next;
  }

  function occur(activity: ActivityKind, time: number): readonly ForgeEventPayload[] {
    const actor = actors.pick(activity.actors, slotOfWeek(time), random);
    return activity.emit({ world, random, at: new Date(time), actor });
  }
}
