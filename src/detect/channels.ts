import { z } from 'zod';
import { endpointUrl } from '../forward/destinations/destination';
import { listDestinations } from '../forward/destination-store';
import { maskSecret, readSecret } from '../forward/secrets';
import type { Store } from '../store/database';
import { upsert } from '../store/upsert';
import { safeJson } from './rule-store';

/**
 * Where alerts go besides the alert list: every enabled SIEM destination (in its own format), Slack and
 * Teams incoming webhooks (their URLs are secrets in KVS), and optionally a Jira issue per alert.
 */
const ROW = 'alert-channels';
export const SLACK_SECRET = 'alert-slack';
export const TEAMS_SECRET = 'alert-teams';

export const jiraChannelSchema = z
  .object({
    projectKey: z
      .string()
      .trim()
      .regex(/^[A-Z][A-Z0-9_]{0,254}$/, 'must be a Jira project key, e.g. SEC'),
    issueType: z.string().trim().min(1).max(60),
  })
  .strict();

/** `alerts.channels`: any subset; a webhook URL of `''` removes it, the masked value keeps it. */
export const channelsUpdateSchema = z
  .object({
    slackUrl: z.union([z.literal(''), z.string().startsWith('••••'), endpointUrl]).optional(),
    teamsUrl: z.union([z.literal(''), z.string().startsWith('••••'), endpointUrl]).optional(),
    jira: jiraChannelSchema.nullable().optional(),
    /** The admin page's address, for the "open in Audit Trail" link in messages and issues. */
    pageUrl: z.string().trim().url().max(2000).nullable().optional(),
  })
  .strict();

export interface ChannelsView {
  readonly slackUrl: string | null;
  readonly teamsUrl: string | null;
  readonly jira: z.infer<typeof jiraChannelSchema> | null;
  readonly pageUrl: string | null;
}

interface StoredChannels {
  readonly jira?: z.infer<typeof jiraChannelSchema> | null;
  readonly pageUrl?: string | null;
}

export async function readStoredChannels(target: Store): Promise<StoredChannels> {
  const row = await target.db
    .selectFrom('setting')
    .select('value')
    .where('name', '=', ROW)
    .executeTakeFirst();
  const parsed = z
    .object({ jira: jiraChannelSchema.nullable().optional(), pageUrl: z.string().nullable().optional() })
    .safeParse(row ? safeJson(row.value) : {});
  return parsed.success ? parsed.data : {};
}

export async function writeStoredChannels(
  target: Store,
  value: StoredChannels,
  nowMs: number,
): Promise<void> {
  const values = { name: ROW, value: JSON.stringify(value), updated_ms: nowMs };
  await upsert(target.engine, target.db.insertInto('setting').values(values), ['name'], {
    value: values.value,
    updated_ms: values.updated_ms,
  }).execute();
}

export async function channelsView(target: Store): Promise<ChannelsView> {
  const stored = await readStoredChannels(target);
  return {
    slackUrl: maskSecret(await readSecret(SLACK_SECRET)),
    teamsUrl: maskSecret(await readSecret(TEAMS_SECRET)),
    jira: stored.jira ?? null,
    pageUrl: stored.pageUrl ?? null,
  };
}

/** The channels an alert opened now is owed to: `destination:<id>`, `slack`, `teams`, `jira`. */
export async function activeChannels(target: Store): Promise<string[]> {
  const [destinations, stored, slack, teams] = await Promise.all([
    listDestinations(target),
    readStoredChannels(target),
    readSecret(SLACK_SECRET),
    readSecret(TEAMS_SECRET),
  ]);
  return [
    ...destinations.filter((d) => d.enabled).map((d) => `destination:${d.id}`),
    ...(slack ? ['slack'] : []),
    ...(teams ? ['teams'] : []),
    ...(stored.jira ? ['jira'] : []),
  ];
}
