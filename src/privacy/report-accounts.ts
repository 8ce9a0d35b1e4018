import { asApp, route } from '@forge/api';
import { lifecycleLimits } from '../limits';

/** What the personal-data reporting API takes per account (FD:runtime-reference/privacy-api). */
export interface ReportedAccount {
  readonly accountId: string;
  /** RFC 3339: when the app last stored or refreshed data about the account. */
  readonly updatedAt: string;
}

export interface AccountUpdate {
  readonly accountId: string;
  readonly status: 'closed' | 'updated';
}

export type ReportAnswer =
  | {
      readonly ok: true;
      readonly updates: readonly AccountUpdate[];
      /** The API's `Cycle-Period` header, as sent; undefined when absent. */
      readonly cyclePeriod?: string;
    }
  | { readonly ok: false; readonly status: number; readonly retryAfterMs?: number };

/**
 * Reports one batch (at most 90 accounts) to Atlassian's personal-data reporting API,
 * `POST /app/report-accounts`, as the app: the request `privacy.reportPersonalData` from `@forge/api`
 * makes (same path, same body, same 200/204 handling), made here directly because that helper returns
 * only the account list. It drops the response headers, so it cannot honour `Cycle-Period`, and it sends
 * every batch at once; this keeps to one batch per call and reads `Cycle-Period` and `Retry-After`.
 */
export async function reportAccounts(accounts: readonly ReportedAccount[]): Promise<ReportAnswer> {
  if (accounts.length === 0) return { ok: true, updates: [] };
  if (accounts.length > lifecycleLimits.personalDataBatch) {
    throw new Error(`privacy: at most ${lifecycleLimits.personalDataBatch} accounts per report`);
  }
  const response = await asApp().requestAtlassian(route`/app/report-accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accounts }),
  });
  const cyclePeriod = response.headers.get('cycle-period') ?? undefined;
  if (response.status === 204) return { ok: true, updates: [], ...(cyclePeriod ? { cyclePeriod } : {}) };
  if (response.status === 200) {
    const body = (await response.json().catch(() => undefined)) as { accounts?: unknown } | undefined;
    const updates = Array.isArray(body?.accounts)
      ? (body.accounts as { accountId?: unknown; status?: unknown }[]).flatMap((a) =>
          typeof a.accountId === 'string' && (a.status === 'closed' || a.status === 'updated')
            ? [{ accountId: a.accountId, status: a.status as AccountUpdate['status'] }]
            : [],
        )
      : [];
    return { ok: true, updates, ...(cyclePeriod ? { cyclePeriod } : {}) };
  }
  const retryAfter = Number(response.headers.get('retry-after'));
  return {
    ok: false,
    status: response.status,
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
  };
}
