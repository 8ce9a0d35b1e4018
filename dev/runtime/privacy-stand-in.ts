import { forgeError, jsonResponse } from './json-response';

/** One report the stand-in received: the accounts, as the app sent them. */
export interface PersonalDataReport {
  readonly accounts: readonly { readonly accountId: string; readonly updatedAt: string }[];
}

/**
 * Stands in for Atlassian's personal-data reporting API (`POST /app/report-accounts`, reached through
 * `@forge/api`'s stargate proxy, FD:runtime-reference/privacy-api): checks the request as the API does
 * (at most 90 accounts, each `{accountId, updatedAt}` with an RFC 3339 time), then answers `closed` for
 * the accounts in SANDBOX_CLOSED_ACCOUNTS and `updated` for those set as updated, 204 when none of the
 * reported ones is either, and sends `Cycle-Period` (seconds). It keeps what it received, for tests.
 */
export class PrivacyStandIn {
  readonly reports: PersonalDataReport[] = [];

  constructor(
    private readonly closed: ReadonlySet<string> = new Set(),
    private readonly updated: ReadonlySet<string> = new Set(),
    /** What `Cycle-Period` says, in seconds (tests change it). */
    public cyclePeriodSeconds = 7 * 24 * 60 * 60,
  ) {}

  async handle(_path: string, init: RequestInit | undefined): Promise<Response> {
    if ((init?.method ?? 'GET').toUpperCase() !== 'POST') {
      return forgeError(405, 'METHOD_NOT_ALLOWED', 'POST the accounts to report');
    }
    let body: unknown;
    try {
      body = JSON.parse(typeof init?.body === 'string' ? init.body : '');
    } catch {
      return forgeError(400, 'BAD_REQUEST', 'The body must be JSON: { "accounts": [...] }');
    }
    const accounts = (body as { accounts?: unknown } | null)?.accounts;
    if (!Array.isArray(accounts) || accounts.length === 0) {
      return forgeError(400, 'BAD_REQUEST', 'accounts: a non-empty list is required');
    }
    if (accounts.length > 90) return forgeError(400, 'BAD_REQUEST', 'accounts: at most 90 per request');
    for (const a of accounts as { accountId?: unknown; updatedAt?: unknown }[]) {
      if (typeof a?.accountId !== 'string' || a.accountId === '') {
        return forgeError(400, 'BAD_REQUEST', 'accounts[].accountId: a string is required');
      }
      if (typeof a.updatedAt !== 'string' || !Number.isFinite(Date.parse(a.updatedAt))) {
        return forgeError(400, 'BAD_REQUEST', 'accounts[].updatedAt: an RFC 3339 date-time is required');
      }
    }
    const reported = accounts as PersonalDataReport['accounts'];
    this.reports.push({
      accounts: reported.map((a) => ({ accountId: a.accountId, updatedAt: a.updatedAt })),
    });
    const headers = { 'Cycle-Period': String(this.cyclePeriodSeconds) };
    const answers = reported.flatMap((a) =>
      this.closed.has(a.accountId)
        ? [{ accountId: a.accountId, status: 'closed' }]
        : this.updated.has(a.accountId)
          ? [{ accountId: a.accountId, status: 'updated' }]
          : [],
    );
    if (answers.length === 0) return new Response(null, { status: 204, headers });
    return jsonResponse(200, { accounts: answers }, headers);
  }
}
