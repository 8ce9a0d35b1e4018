import { limits } from '../limits';
import { readSealed } from '../seal/read-sealed';
import { store, type Store } from '../store/database';
import { classifySqlError } from '../store/sql-errors';
import { bearerToken, parsePullQuery } from './pull-query';
import { blockedForSeconds, callerKey, FAILED_AUTH_PER_MINUTE, noteFailedAuth } from './failed-auth-limit';
import { admitPullRequest, PULL_REQUESTS_PER_MINUTE } from './pull-tokens';

/** What Forge passes a web trigger function (FD:events-reference/web-trigger); names of headers as sent. */
export interface WebTriggerRequest {
  readonly method: string;
  readonly headers?: Readonly<Record<string, readonly string[]>>;
  readonly queryParameters?: Readonly<Record<string, readonly string[]>>;
  readonly body?: string;
  readonly path?: string;
}

/** What a `response: type: dynamic` web trigger returns; Forge turns it into the HTTP response. */
export interface WebTriggerResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string[]>;
  readonly body: string;
}

/**
 * A page's body stays under this many bytes: a web trigger's response travels as the function's result,
 * which is capped at 5 MB (FD:limits-invocation). A page that would be larger ends early; `nextAfter`
 * says where to go on, so nothing is skipped.
 */
const PAGE_BYTES = limits.invocationPayloadBytes - 1024 * 1024;

/**
 * The pull API (`webtrigger` module `pull-api`): `GET ?after=<seq>&limit=<n>&format=json|ndjson` with
 * `Authorization: Bearer <token>` pages the sealed log by seq. JSON answers `{ items, nextAfter }`;
 * NDJSON answers one record per line, with the next cursor in `X-Next-After` and a `Link: rel="next"`.
 * Pass the last `nextAfter` as the next `after`; an empty page means "caught up, ask again later".
 */
export async function pullApi(
  request: WebTriggerRequest,
  target: Store = store(),
  nowMs: number = Date.now(),
): Promise<WebTriggerResponse> {
  try {
    if (String(request?.method ?? '').toUpperCase() !== 'GET') {
      return error(405, 'METHOD_NOT_ALLOWED', 'The pull API answers GET only.', { Allow: ['GET'] });
    }
    const token = bearerToken(request.headers);
    if (!token) {
      return error(
        401,
        'UNAUTHORIZED',
        'Send "Authorization: Bearer <token>"; an admin creates tokens on the Audit Trail admin page.',
        { 'WWW-Authenticate': ['Bearer realm="audit-trail"'] },
      );
    }
    const caller = callerKey(request.headers, token);
    const blocked = blockedForSeconds(caller, nowMs);
    if (blocked > 0) {
      return error(
        429,
        'RATE_LIMITED',
        `${FAILED_AUTH_PER_MINUTE} requests with a wrong token came from here this minute; retry in ${blocked} s.`,
        { 'Retry-After': [String(blocked)] },
        { retryAfterSeconds: blocked },
      );
    }
    const admission = await admitPullRequest(target, token, nowMs);
    if (!admission.ok && admission.reason === 'unauthorized') {
      noteFailedAuth(caller, nowMs);
      return error(401, 'UNAUTHORIZED', 'The token is not valid, or it was revoked.', {
        'WWW-Authenticate': ['Bearer realm="audit-trail", error="invalid_token"'],
      });
    }
    if (!admission.ok) {
      const seconds = admission.retryAfterSeconds;
      return error(
        429,
        'RATE_LIMITED',
        `This token has made ${PULL_REQUESTS_PER_MINUTE} requests this minute, the most allowed; retry in ${seconds} s.`,
        { 'Retry-After': [String(seconds)] },
        { retryAfterSeconds: seconds },
      );
    }
    const parsed = parsePullQuery(request.queryParameters);
    if (!parsed.ok) return error(400, 'BAD_REQUEST', parsed.message, {}, { parameter: parsed.parameter });
    const { after, limit, format } = parsed.query;

    // No more rows are read than a page can carry: a thousand large records would be ~100 MB in memory.
    const records = await readSealed(target, after, limit, { maxBytes: PAGE_BYTES });
    const lines: string[] = [];
    let bytes = 0;
    let nextAfter = after;
    for (const record of records) {
      const line = JSON.stringify(record);
      bytes += Buffer.byteLength(line) + 1;
      if (lines.length > 0 && bytes > PAGE_BYTES) break;
      lines.push(line);
      nextAfter = record.seq;
    }
    const headers = {
      'Cache-Control': ['no-store'],
      'X-Next-After': [String(nextAfter)],
      Link: [`<?after=${nextAfter}&limit=${limit}&format=${format}>; rel="next"`],
    };
    if (format === 'ndjson') {
      return {
        statusCode: 200,
        headers: { ...headers, 'Content-Type': ['application/x-ndjson; charset=utf-8'] },
        body: lines.map((line) => `${line}\n`).join(''),
      };
    }
    return {
      statusCode: 200,
      headers: { ...headers, 'Content-Type': ['application/json; charset=utf-8'] },
      body: `{"items":[${lines.join(',')}],"nextAfter":${nextAfter}}`,
    };
  } catch (failure) {
    switch (classifySqlError(failure)) {
      case 'schema-missing':
        return error(503, 'PREPARING', 'Audit Trail is still preparing its database on this site.', {
          'Retry-After': ['60'],
        });
      case 'rate-limited':
      case 'transient':
        return error(503, 'UNAVAILABLE', 'The database is busy; try again shortly.', {
          'Retry-After': ['5'],
        });
      default:
        console.error(`pull-api: ${failure instanceof Error ? failure.stack : String(failure)}`);
        return error(500, 'INTERNAL', 'Something went wrong on our side; it has been logged.');
    }
  }
}

function error(
  statusCode: number,
  code: string,
  message: string,
  headers: Record<string, string[]> = {},
  extra: Record<string, unknown> = {},
): WebTriggerResponse {
  return {
    statusCode,
    headers: {
      'Content-Type': ['application/json; charset=utf-8'],
      'Cache-Control': ['no-store'],
      ...headers,
    },
    body: JSON.stringify({ error: { code, message, ...extra } }),
  };
}
