import type { Document, FormatContext, OutgoingRecord } from '../formats';
import type { Destination } from './destination';

/** One record on its way out, already in the destination's format. */
export interface Item {
  readonly record: OutgoingRecord;
  readonly document: Document;
}

/** How a request body is framed: `prefix + chunks.join(separator) + suffix`. */
export interface Framing {
  readonly prefix: string;
  readonly separator: string;
  readonly suffix: string;
}

/** What the destination's answer means for the items of one request. */
export type Outcome =
  /** Every item is delivered (including those the receiver already had). */
  | { readonly kind: 'delivered' }
  /** Some items are delivered; `retry` lists the indexes to send again (bulk APIs only). */
  | {
      readonly kind: 'partial';
      readonly retry: readonly number[];
      readonly reason: string;
      readonly retryAfterMs?: number;
    }
  /** Nothing is known to be delivered; the same request may succeed later. */
  | { readonly kind: 'retry'; readonly reason: string; readonly retryAfterMs?: number }
  /** The request was too large for the receiver: send its halves. */
  | { readonly kind: 'split'; readonly reason: string }
  /** A configuration error (credentials, URL, index, format): nothing will work until the admin fixes it. */
  | { readonly kind: 'stop'; readonly reason: string }
  /** The receiver said it is gone for good (410): the destination is disabled. */
  | { readonly kind: 'disable'; readonly reason: string };

/** An HTTP answer, as much of it as interpreting needs. */
export interface Answer {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly body: string;
}

export interface HttpRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** How many records go in one request, by the receiver's documented limits. */
interface Batching {
  /** At most this many records per request. */
  readonly maxRecords: number;
  /** At most this many bytes of uncompressed body per request. */
  readonly maxBytes: number;
}

/** What a token endpoint's answer means: a token and how long it lasts, or why there is none. */
export type TokenOutcome =
  | { readonly kind: 'token'; readonly token: string; readonly expiresInMs: number }
  | Extract<Outcome, { kind: 'retry' | 'stop' }>;

/**
 * A bearer token the driver's requests carry, issued by a token endpoint for the destination's credential
 * (OAuth 2.0 client credentials). The shell asks for it before the first request, keeps it for its
 * lifetime, asks again once when the receiver refuses a kept one, and hands it to `request` as `token`.
 */
export interface TokenAuthorization {
  /** Who issues the tokens, as reasons shown to the admin name it. */
  readonly issuer: string;
  /** The form-encoded token request for this destination; `secret` is its credential. */
  tokenRequest(destination: Destination, secret: string): { readonly url: string; readonly body: string };
  interpretToken(answer: Answer): TokenOutcome;
}

/** What the admin enters for a destination, checked beyond its schema when it is saved. */
export interface Entry {
  /**
   * The URL as it is stored, and the secret when the pasted URL carries one; `refused` says why the URL is
   * not one this receiver takes.
   */
  storedUrl?(url: string): { readonly url: string; readonly secret?: string } | { readonly refused: string };
  /** Why a new secret cannot be this receiver's credential; undefined when it may be. */
  secretProblem?(secret: string): string | undefined;
  /** Options that hold further URLs the driver calls (a token endpoint): each is checked as the URL is. */
  readonly urlOptions?: readonly string[];
}

/**
 * A destination type's pure parts: how records become a request (envelope, framing, headers) and what an
 * answer means, and what the shell must provide for it: batching, authorization, the hosts it reaches.
 * The delivery shell does the I/O and never asks which type it serves; nothing here does I/O.
 */
export interface Driver {
  batching(destination: Destination): Batching;
  /**
   * Every host a delivery to this destination reaches: Forge lets a function reach only hosts the manifest
   * declares or the admin approved (customer-managed egress), so this is what must be allowed.
   */
  hosts(destination: Destination): readonly string[];
  /** Absent when the credential goes into each request as it is. */
  readonly authorization?: TokenAuthorization;
  readonly entry?: Entry;
  /** Whether bodies are sent gzip-compressed (`Content-Encoding: gzip`). */
  readonly gzip: boolean;
  readonly framing: Framing;
  /** One item as it appears in the body (without the separator). */
  encode(item: Item, destination: Destination, context: FormatContext): string;
  /**
   * The request for one body. `secret` is the destination's credential; `token` the bearer token the
   * shell obtained, when the driver declares `authorization`.
   */
  request(input: {
    readonly destination: Destination;
    readonly secret: string;
    readonly body: string;
    readonly items: readonly Item[];
    readonly token?: string;
    readonly nowMs: number;
  }): HttpRequest;
  interpret(answer: Answer, items: readonly Item[]): Outcome;
}

/** The host of the destination's own URL: all most receivers need. */
export function endpointHost(destination: Destination): readonly string[] {
  return [new URL(destination.url).hostname];
}

/** Joins encoded chunks into a request body. */
export function frame(framing: Framing, chunks: readonly string[]): string {
  return framing.prefix + chunks.join(framing.separator) + framing.suffix;
}

/**
 * The common reading of an HTTP status, for receivers without a richer answer:
 * 2xx delivered; 410 disable; 413 split; 408, 429 and 5xx retry (honouring Retry-After);
 * redirects and every other 4xx are configuration errors that stop the destination until fixed.
 */
export function interpretStatus(answer: Answer, what: string): Outcome {
  const { status } = answer;
  const detail = snippet(answer.body);
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  if (status === 410)
    return { kind: 'disable', reason: `${what} answered 410 Gone: the endpoint no longer exists` };
  if (status === 413) return { kind: 'split', reason: `${what} answered 413: request too large` };
  if (status === 408 || status === 429 || status >= 500) {
    const wait = retryAfterMs(answer);
    return {
      kind: 'retry',
      reason: `${what} answered ${status}${detail ? `: ${detail}` : ''}`,
      ...(wait !== undefined ? { retryAfterMs: wait } : {}),
    };
  }
  if (status >= 300 && status < 400) {
    const location = answer.headers.get('location');
    return {
      kind: 'stop',
      reason: `${what} answered ${status} (a redirect${location ? ` to ${location}` : ''}); redirects are not followed: set the final URL`,
    };
  }
  return { kind: 'stop', reason: `${what} refused the request with ${status}${detail ? `: ${detail}` : ''}` };
}

/** `Retry-After` in seconds or as an HTTP date, as milliseconds from now; undefined when absent or bad. */
export function retryAfterMs(answer: Pick<Answer, 'headers'>, nowMs = Date.now()): number | undefined {
  const value = answer.headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : undefined;
}

/** The start of an answer's body, on one line, for a reason shown to the admin. */
export function snippet(body: string, max = 300): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

/** Appends `suffix` to the URL's path unless the admin already gave the full path. */
export function withPath(base: string, suffix: string): string {
  const url = new URL(base);
  const path = url.pathname.replace(/\/+$/, '');
  if (!path.endsWith(suffix)) url.pathname = `${path}${suffix}`;
  return url.toString();
}
