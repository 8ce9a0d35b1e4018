import { z } from 'zod';
import { activityFilterSchema } from '../query/activity-filter';
import { displayName } from '../record/display-name';

/**
 * A detection rule: which records count (a built-in's own test, or a custom rule's activity filter), how
 * many within how long make an incident, and how incidents become alerts (cooldown, daily cap, snoozes).
 * Stored as one JSON document per rule; built-ins exist without a row until the admin changes one.
 */
export const BUILT_IN_KINDS = [
  'mass-deletion',
  'crawling',
  'permission-change',
  'off-hours-admin',
  'container-removed',
  'new-actor-type',
  'watch-list',
] as const;
export type BuiltInKind = (typeof BUILT_IN_KINDS)[number];
export type RuleKind = BuiltInKind | 'custom';

export const GROUP_BY = ['actor', 'container', 'overall'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

const minutes = (max: number) => z.number().int().min(1).max(max);
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)');

export const thresholdSchema = z
  .object({
    /** At least this many matching records (distinct objects for crawling)… */
    count: z.number().int().min(1).max(100_000),
    /** …within this many minutes of event time… */
    windowMinutes: minutes(7 * 24 * 60),
    /** …counted per actor, per container, or over everything. */
    per: z.enum(GROUP_BY),
  })
  .strict();
export type Threshold = z.infer<typeof thresholdSchema>;

export const workingHoursSchema = z
  .object({
    start: clockTime,
    end: clockTime,
    /** ISO weekdays that are working days: 1 = Monday … 7 = Sunday. */
    days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone, e.g. Europe/Paris'),
  })
  .strict();
export type WorkingHours = z.infer<typeof workingHoursSchema>;

export const snoozeSchema = z
  .object({
    actor: z.string().trim().min(1).max(128).optional(),
    container: z.string().trim().min(1).max(128).optional(),
    /** Epoch ms of event time until which matching records are left out for this rule. */
    until: z.number().int().min(0),
  })
  .strict()
  .refine((s) => s.actor !== undefined || s.container !== undefined, {
    message: 'a snooze names an actor or a container',
  });
export type Snooze = z.infer<typeof snoozeSchema>;

/**
 * The filter a custom rule evaluates in memory over each sealed record. `jql`, `groups` and `text` need
 * the products' REST or a search, which a scheduled evaluation cannot afford per record: refused here.
 */
export const ruleFilterSchema = z
  .object({
    products: activityFilterSchema.shape.products,
    actions: activityFilterSchema.shape.actions,
    actors: activityFilterSchema.shape.actors,
    containers: activityFilterSchema.shape.containers,
    objects: activityFilterSchema.shape.objects,
  })
  .strict();
export type RuleFilter = z.infer<typeof ruleFilterSchema>;

export const watchSchema = z
  .object({
    /** Project or space ids or keys watched. */
    containers: z.array(z.string().trim().min(1).max(128)).min(1).max(200),
    /** Group names or ids whose members may act there without an alert. */
    groups: z.array(z.string().trim().min(1).max(128)).max(50),
  })
  .strict();

const common = {
  name: displayName(100),
  enabled: z.boolean(),
  threshold: thresholdSchema,
  /** Matching records for the same group this soon after an alert's last one join that alert. */
  cooldownMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60),
  /** At most this many new alerts per rule per UTC day of event time; later incidents are counted. */
  dailyCap: z.number().int().min(1).max(1000),
  snoozes: z.array(snoozeSchema).max(100),
};

export const ruleSchema = z.discriminatedUnion('kind', [
  z.object({ ...common, kind: z.literal('mass-deletion') }).strict(),
  z.object({ ...common, kind: z.literal('crawling') }).strict(),
  z.object({ ...common, kind: z.literal('permission-change') }).strict(),
  z.object({ ...common, kind: z.literal('off-hours-admin'), workingHours: workingHoursSchema }).strict(),
  z.object({ ...common, kind: z.literal('container-removed') }).strict(),
  z.object({ ...common, kind: z.literal('new-actor-type') }).strict(),
  z.object({ ...common, kind: z.literal('watch-list'), watch: watchSchema }).strict(),
  z.object({ ...common, kind: z.literal('custom'), filter: ruleFilterSchema }).strict(),
]);
export type RuleBody = z.infer<typeof ruleSchema>;

/** A rule with its id: a built-in's kind, or `custom-…` for the admin's own. */
export type Rule = RuleBody & { readonly id: string };

const base = { enabled: true, snoozes: [], dailyCap: 20 };

/** The built-in detections as shipped; an admin's saved version replaces one whole. */
export const BUILT_IN_DEFAULTS: Readonly<Record<BuiltInKind, Rule>> = {
  'mass-deletion': {
    ...base,
    id: 'mass-deletion',
    kind: 'mass-deletion',
    name: 'Mass deletion',
    threshold: { count: 20, windowMinutes: 10, per: 'actor' },
    cooldownMinutes: 60,
  },
  crawling: {
    ...base,
    id: 'crawling',
    kind: 'crawling',
    name: 'Crawling',
    threshold: { count: 200, windowMinutes: 10, per: 'actor' },
    cooldownMinutes: 60,
  },
  'permission-change': {
    ...base,
    id: 'permission-change',
    kind: 'permission-change',
    name: 'Permission and access changes',
    threshold: { count: 1, windowMinutes: 10, per: 'actor' },
    cooldownMinutes: 30,
  },
  'off-hours-admin': {
    ...base,
    id: 'off-hours-admin',
    kind: 'off-hours-admin',
    name: 'Admin configuration changed outside working hours',
    threshold: { count: 1, windowMinutes: 10, per: 'actor' },
    cooldownMinutes: 60,
    workingHours: { start: '07:00', end: '20:00', days: [1, 2, 3, 4, 5], timeZone: 'UTC' },
  },
  'container-removed': {
    ...base,
    id: 'container-removed',
    kind: 'container-removed',
    name: 'Project or space deleted or archived',
    threshold: { count: 1, windowMinutes: 10, per: 'container' },
    cooldownMinutes: 60,
  },
  'new-actor-type': {
    ...base,
    id: 'new-actor-type',
    kind: 'new-actor-type',
    name: 'First activity by a new kind of actor',
    threshold: { count: 1, windowMinutes: 10, per: 'overall' },
    cooldownMinutes: 0,
  },
  'watch-list': {
    ...base,
    id: 'watch-list',
    kind: 'watch-list',
    name: 'Watch list',
    enabled: false,
    threshold: { count: 1, windowMinutes: 10, per: 'actor' },
    cooldownMinutes: 60,
    watch: { containers: ['—'], groups: [] },
  },
};

/** `rules.save`: a built-in (its kind is its id) or a custom rule (new without an id). */
export const ruleInputSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9-]{1,40}$/)
      .optional(),
  })
  .and(ruleSchema);

/** `rules.backtest`: a saved rule's id, or a draft, over the last `days` of history. */
export const backtestPayloadSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9-]{1,40}$/)
      .optional(),
    draft: ruleSchema.optional(),
    days: z.number().int().min(1).max(365).default(30),
  })
  .strict()
  .refine((b) => (b.id === undefined) !== (b.draft === undefined), {
    message: 'give either the id of a saved rule or a draft',
    path: ['id'],
  });

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
