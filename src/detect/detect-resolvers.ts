import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { adminResolver, emptyPayloadSchema, type Caller } from '../admin/admin-resolver';
import { requireEveryProduct } from '../admin/product-scope';
import { ResolverFailure } from '../admin/resolver-error';
import { isLoopbackUrl } from '../forward/destinations/destination';
import { runsInSandbox } from '../forward/egress/runs-in-sandbox';
import { deleteSecret, isMasked, writeSecret } from '../forward/secrets';
import { PRODUCTS } from '../record/audit-record';
import { store, type Store } from '../store/database';
import { alertsListSchema, alertUpdateSchema, type Alert, type AlertPage } from './alert';
import { getAlert, listAlerts, setAlertStatus } from './alert-store';
import { backtest, type BacktestResult } from './backtest';
import {
  channelsUpdateSchema,
  channelsView,
  readStoredChannels,
  SLACK_SECRET,
  TEAMS_SECRET,
  writeStoredChannels,
  type ChannelsView,
} from './channels';
import { recordOwnActions } from './own-actions';
import { BUILT_IN_KINDS, backtestPayloadSchema, ruleInputSchema, type Rule } from './rule';
import { deleteRule, listRules, saveRule } from './rule-store';

export const ruleIdPayload = z.object({ id: z.string().regex(/^[a-z0-9-]{1,40}$/) }).strict();

export interface RuleList {
  readonly items: readonly Rule[];
  /** Whether the caller may change rules: they are site-wide, so that takes administering every product. */
  readonly canEdit: boolean;
}

export const detectResolvers = {
  'rules.list': adminResolver(emptyPayloadSchema, async (_input, caller): Promise<RuleList> => ({
    items: await listRules(store()),
    canEdit: PRODUCTS.filter((p) => caller.installed.has(p)).every((p) => caller.products.has(p)),
  })),

  'rules.save': adminResolver(ruleInputSchema, async (input, caller): Promise<Rule> => {
    requireEveryProduct(caller, 'Detection rules');
    const { id: givenId, ...body } = input;
    const builtIn = (BUILT_IN_KINDS as readonly string[]).includes(body.kind);
    if (builtIn && givenId !== undefined && givenId !== body.kind)
      throw new ResolverFailure('BAD_REQUEST', `id: a built-in rule's id is its kind, '${body.kind}'`, 'id');
    if (!builtIn && givenId !== undefined && !givenId.startsWith('custom-'))
      throw new ResolverFailure('BAD_REQUEST', "id: a custom rule's id starts with 'custom-'", 'id');
    const id = builtIn ? body.kind : (givenId ?? `custom-${randomBytes(6).toString('hex')}`);
    const target = store();
    const before = (await listRules(target)).find((r) => r.id === id);
    if (!builtIn && givenId !== undefined && !before)
      throw new ResolverFailure('NOT_FOUND', `No rule '${givenId}'.`, 'id');
    const rule = { ...body, id } as Rule;
    const now = Date.now();
    await saveRule(target, rule, caller.accountId, now);
    await recordRuleChange(target, caller, rule, before ? 'rule.updated' : 'rule.created', before, now);
    return rule;
  }),

  'rules.delete': adminResolver(ruleIdPayload, async ({ id }, caller): Promise<{ deleted: boolean }> => {
    requireEveryProduct(caller, 'Detection rules');
    if ((BUILT_IN_KINDS as readonly string[]).includes(id))
      throw new ResolverFailure('BAD_REQUEST', 'id: a built-in rule is switched off, not deleted', 'id');
    const target = store();
    const before = (await listRules(target)).find((r) => r.id === id);
    if (!before || !(await deleteRule(target, id)))
      throw new ResolverFailure('NOT_FOUND', `No rule '${id}'.`, 'id');
    await recordRuleChange(target, caller, before, 'rule.deleted', before, Date.now());
    return { deleted: true };
  }),

  'rules.backtest': adminResolver(backtestPayloadSchema, async (input): Promise<BacktestResult> => {
    const target = store();
    let rule: Rule | undefined;
    if (input.id !== undefined) {
      rule = (await listRules(target)).find((r) => r.id === input.id);
      if (!rule) throw new ResolverFailure('NOT_FOUND', `No rule '${input.id}'.`, 'id');
    } else {
      rule = { ...input.draft!, id: 'draft' } as Rule;
    }
    return backtest(target, rule, input.days, Date.now());
  }),

  'alerts.list': adminResolver(alertsListSchema, async (input, caller): Promise<AlertPage> => {
    const [ms, id] = input.cursor ? input.cursor.split(':') : [];
    const items: Alert[] = [];
    let before = ms !== undefined && id !== undefined ? { firstMs: Number(ms), id } : undefined;
    // Alerts about a product the caller does not administer are left out; keep reading until a page fills.
    for (let round = 0; round < 5 && items.length < input.limit; round += 1) {
      const page = await listAlerts(store(), { ...input, ...(before ? { before } : {}), limit: input.limit });
      items.push(...page.filter((a) => visibleTo(a, caller)).slice(0, input.limit - items.length));
      const last = page[page.length - 1];
      if (page.length < input.limit || !last) {
        before = undefined;
        break;
      }
      before = { firstMs: Date.parse(last.firstAt), id: last.id };
    }
    const last = items[items.length - 1];
    return {
      items,
      ...(before && last ? { nextCursor: `${Date.parse(last.firstAt)}:${last.id}` } : {}),
    };
  }),

  'alerts.update': adminResolver(alertUpdateSchema, async ({ id, status }, caller): Promise<Alert> => {
    const target = store();
    const alert = await getAlert(target, id);
    if (!alert || !visibleTo(alert, caller))
      throw new ResolverFailure('NOT_FOUND', `No alert '${id}'.`, 'id');
    if (alert.status === status) return alert;
    const now = Date.now();
    await setAlertStatus(target, id, status, caller.accountId, now);
    await recordOwnActions(target, [
      {
        action: status === 'open' ? 'alert.reopened' : `alert.${status}`,
        by: caller.accountId,
        object: { type: 'alert', id, title: alert.ruleName },
        products: alert.products,
        changes: [{ field: 'status', from: alert.status, to: status }],
        atMs: now,
      },
    ]);
    return (await getAlert(target, id))!;
  }),

  'alerts.channels': adminResolver(channelsUpdateSchema, async (input, caller): Promise<ChannelsView> => {
    const target = store();
    if (Object.keys(input).length === 0) return channelsView(target);
    requireEveryProduct(caller, 'Alert notifications');
    for (const [field, key] of [
      ['slackUrl', SLACK_SECRET],
      ['teamsUrl', TEAMS_SECRET],
    ] as const) {
      const value = input[field];
      if (value === undefined || isMasked(value)) continue;
      if (value === '') await deleteSecret(key);
      else {
        if (isLoopbackUrl(value) && !runsInSandbox())
          throw new ResolverFailure(
            'BAD_REQUEST',
            `${field}: must be the chat's webhook on the internet; localhost is accepted only in the local sandbox`,
            field,
          );
        await writeSecret(key, value);
      }
    }
    const stored = await readStoredChannels(target);
    await writeStoredChannels(
      target,
      {
        ...stored,
        ...(input.jira !== undefined ? { jira: input.jira } : {}),
        ...(input.pageUrl !== undefined ? { pageUrl: input.pageUrl } : {}),
      },
      Date.now(),
    );
    return channelsView(target);
  }),
};

function visibleTo(alert: Alert, caller: Caller): boolean {
  return alert.products.every((p) => caller.products.has(p));
}

async function recordRuleChange(
  target: Store,
  caller: Caller,
  rule: Rule,
  action: string,
  before: Rule | undefined,
  atMs: number,
): Promise<void> {
  const changes =
    action === 'rule.deleted'
      ? [{ field: 'rule', from: JSON.stringify(before).slice(0, 1000), to: null }]
      : [
          {
            field: 'rule',
            from: before ? JSON.stringify(before).slice(0, 1000) : null,
            to: JSON.stringify(rule).slice(0, 1000),
          },
        ];
  await recordOwnActions(target, [
    {
      action,
      by: caller.accountId,
      object: { type: 'rule', id: rule.id, title: rule.name },
      products: PRODUCTS.filter((p) => caller.installed.has(p)),
      changes,
      atMs,
    },
  ]);
}
