import { z } from 'zod';
import type { ActivityFilterInput } from '../query/activity-filter';
import type { Product } from '../record/audit-record';
import type { RuleKind } from './rule';

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** Where one alert's notification stands on one channel. */
export interface ChannelState {
  readonly state: 'pending' | 'sent' | 'failed';
  readonly attempts: number;
  readonly nextMs?: number;
  readonly error?: string;
  /** What the channel made of it: the Jira issue key. */
  readonly ref?: string;
}

/** An alert as the admin page and the notifications see it. */
export interface Alert {
  readonly id: string;
  readonly ruleId: string;
  readonly ruleName: string;
  readonly kind: RuleKind;
  readonly status: AlertStatus;
  readonly group: string;
  readonly firstAt: string;
  readonly lastAt: string;
  readonly openedAt: string;
  readonly count: number;
  readonly actors: readonly string[];
  readonly containers: readonly string[];
  readonly products: readonly Product[];
  /** The records that made it, up to a hundred; `count` says how many there were. */
  readonly recordIds: readonly string[];
  /** The activity log's filter showing the incident's records. */
  readonly filter: ActivityFilterInput;
  readonly statusBy: string | null;
  readonly statusAt: string | null;
  readonly notifications: Readonly<Record<string, ChannelState>>;
}

export const alertsListSchema = z
  .object({
    status: z.array(z.enum(ALERT_STATUSES)).max(3).optional(),
    rules: z
      .array(z.string().regex(/^[a-z0-9-]{1,40}$/))
      .max(100)
      .optional(),
    /** Keyset: alerts opened before this one (`firstAt` order, newest first). */
    cursor: z
      .string()
      .regex(/^\d+:[0-9a-f]{32}$/)
      .optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict();

export const alertUpdateSchema = z
  .object({ id: z.string().regex(/^[0-9a-f]{32}$/, 'must be an alert id'), status: z.enum(ALERT_STATUSES) })
  .strict();

export interface AlertPage {
  readonly items: readonly Alert[];
  readonly nextCursor?: string;
}
