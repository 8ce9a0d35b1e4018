import { z } from 'zod';
import { isLoopbackUrl } from '../forward/destinations/destination';
import { CHAT_EGRESS, matchesPattern } from '../forward/egress/declared-egress';
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

/**
 * A chat webhook URL as `alerts.channels` takes it: `''` removes it, the masked value keeps it, else https
 * on one of the hosts the manifest declares for that chat (any other host could never be reached), or
 * plain http to this machine, which the resolver accepts only in the local sandbox. Unlike a SIEM's URL
 * its query string may carry the credential (a Workflows URL's `sig`): the whole URL is kept as a secret
 * and never shown again. One refinement, not a union, so a refusal names what is wrong.
 */
function chatWebhookUrl(chat: keyof typeof CHAT_EGRESS, example: string) {
  const hosts: readonly string[] = CHAT_EGRESS[chat];
  return z
    .string()
    .trim()
    .max(2000)
    .superRefine((value, ctx) => {
      if (value === '' || value.startsWith('••••')) return;
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        ctx.addIssue({ code: 'custom', message: `must be a full URL, e.g. ${example}` });
        return;
      }
      if (url.protocol === 'http:' && isLoopbackUrl(value)) return;
      if (url.protocol !== 'https:') ctx.addIssue({ code: 'custom', message: 'must use https' });
      else if (!hosts.some((pattern) => matchesPattern(url.hostname, pattern)))
        ctx.addIssue({
          code: 'custom',
          message: `must be an incoming webhook on ${hosts.join(', ')}, e.g. ${example}`,
        });
    });
}

/** `alerts.channels`: any subset of the channels. */
export const channelsUpdateSchema = z
  .object({
    slackUrl: chatWebhookUrl('slack', 'https://hooks.slack.com/services/T…/B…/…').optional(),
    teamsUrl: chatWebhookUrl('teams', 'https://prod-12.westeurope.logic.azure.com/workflows/…').optional(),
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
