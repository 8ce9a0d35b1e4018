import type { Destination } from './destination';
import { retryAfterMs, snippet, type TokenAuthorization } from './driver';

/**
 * The OAuth 2.0 client-credentials grant: the destination's secret is the client secret, traded at the
 * issuer's token endpoint for a bearer token with `scope`. A refused client (a wrong secret or client id)
 * stops the destination until the admin fixes it; the issuer being busy or down is retried.
 * Source: https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 */
export function clientCredentials(grant: {
  readonly issuer: string;
  readonly scope: string;
  tokenUrl(destination: Destination): string;
  clientId(destination: Destination): string;
}): TokenAuthorization {
  const { issuer } = grant;
  return {
    issuer,
    tokenRequest: (destination, secret) => {
      const body = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: grant.clientId(destination),
        client_secret: secret,
        scope: grant.scope,
      });
      return { url: grant.tokenUrl(destination), body: body.toString() };
    },
    interpretToken: (answer) => {
      if (answer.status === 200) {
        try {
          const reply = JSON.parse(answer.body) as { access_token?: unknown; expires_in?: unknown };
          if (typeof reply.access_token === 'string' && reply.access_token) {
            const seconds = Number(reply.expires_in);
            return {
              kind: 'token',
              token: reply.access_token,
              expiresInMs: (Number.isFinite(seconds) && seconds > 0 ? seconds : 3600) * 1000,
            };
          }
        } catch {
          // fall through
        }
        return { kind: 'retry', reason: `${issuer} answered 200 without a token: ${snippet(answer.body)}` };
      }
      if (answer.status === 429 || answer.status >= 500) {
        const wait = retryAfterMs(answer);
        return {
          kind: 'retry',
          reason: `${issuer} answered ${answer.status}`,
          ...(wait !== undefined ? { retryAfterMs: wait } : {}),
        };
      }
      let detail = snippet(answer.body);
      try {
        const reply = JSON.parse(answer.body) as { error?: unknown; error_description?: unknown };
        if (typeof reply.error_description === 'string')
          detail = `${String(reply.error)}: ${snippet(reply.error_description)}`;
      } catch {
        // keep the raw snippet
      }
      return {
        kind: 'stop',
        reason: `${issuer} refused the client credentials (${answer.status}): ${detail}`,
      };
    },
  };
}
