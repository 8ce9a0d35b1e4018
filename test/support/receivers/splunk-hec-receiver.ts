import { json, Receiver, type ReceivedRequest, type Reply } from './receiver';

/**
 * Splunk's HTTP Event Collector as documented: `/services/collector/event`, `Authorization: Splunk <token>`,
 * concatenated event objects, and the HEC reply codes — 0 success, 1 token disabled, 2 token required, 3
 * invalid authorization, 4 invalid token, 5 no data, 6 invalid data format (with `invalid-event-number`), 7
 * incorrect index, 9 server busy, 12/13 event field required/blank.
 * Source: https://help.splunk.com/en/splunk-enterprise/get-data-in/collect-http-event-data/http-event-collector-rest-api-endpoints
 */
export class SplunkHecReceiver extends Receiver {
  readonly events: Record<string, unknown>[] = [];
  tokenDisabled = false;

  constructor(
    readonly token: string,
    private readonly options: { readonly indexes?: readonly string[]; readonly maxBytes?: number } = {},
  ) {
    super();
  }

  documents(): Record<string, unknown>[] {
    return this.events.map((e) => e.event as Record<string, unknown>);
  }

  /** The server is busy (code 9, 503) for the next `times` requests. */
  busy(times = 1, retryAfterSeconds?: number): this {
    return this.answer(
      json(
        503,
        { text: 'Server is busy', code: 9 },
        retryAfterSeconds ? { 'retry-after': String(retryAfterSeconds) } : {},
      ),
      times,
    );
  }

  protected respond(request: ReceivedRequest): Reply {
    if (
      !['/services/collector/event', '/services/collector', '/services/collector/event/1.0'].includes(
        request.path,
      )
    ) {
      return json(404, { text: 'The requested URL was not found on this server.', code: 404 });
    }
    const auth = String(request.headers.authorization ?? '');
    if (!auth) return json(401, { text: 'Token is required', code: 2 });
    if (!auth.startsWith('Splunk ')) return json(401, { text: 'Invalid authorization', code: 3 });
    if (auth.slice('Splunk '.length) !== this.token) return json(403, { text: 'Invalid token', code: 4 });
    if (this.tokenDisabled) return json(403, { text: 'Token disabled', code: 1 });
    if (this.options.maxBytes !== undefined && Buffer.byteLength(request.body) > this.options.maxBytes) {
      return json(413, { text: 'Content too large', code: 413 });
    }
    const parsed = parseConcatenated(request.body);
    if (parsed.values.length === 0 && parsed.error === undefined)
      return json(400, { text: 'No data', code: 5 });
    if (parsed.error !== undefined) {
      return json(400, { text: 'Invalid data format', code: 6, 'invalid-event-number': parsed.error });
    }
    const batch: Record<string, unknown>[] = [];
    for (const [index, value] of parsed.values.entries()) {
      const event = value as Record<string, unknown>;
      if (!('event' in event))
        return json(400, { text: 'Event field is required', code: 12, 'invalid-event-number': index });
      if (event.event === '' || event.event === null) {
        return json(400, { text: 'Event field cannot be blank', code: 13, 'invalid-event-number': index });
      }
      if (
        this.options.indexes &&
        event.index !== undefined &&
        !this.options.indexes.includes(String(event.index))
      ) {
        return json(400, { text: 'Incorrect index', code: 7, 'invalid-event-number': index });
      }
      batch.push(event);
    }
    // HEC indexes the whole request or (on the errors above) refuses it.
    this.events.push(...batch);
    return json(200, { text: 'Success', code: 0 });
  }
}

/** JSON values one after another, separated by nothing or whitespace; `error` is the index of a bad one. */
export function parseConcatenated(text: string): { values: unknown[]; error?: number } {
  const values: unknown[] = [];
  let at = 0;
  while (at < text.length) {
    while (at < text.length && /\s/.test(text[at]!)) at += 1;
    if (at >= text.length) break;
    const end = valueEnd(text, at);
    if (end === undefined) return { values, error: values.length };
    try {
      values.push(JSON.parse(text.slice(at, end)));
    } catch {
      return { values, error: values.length };
    }
    at = end;
  }
  return { values };
}

function valueEnd(text: string, start: number): number | undefined {
  if (text[start] !== '{' && text[start] !== '[') return undefined;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i += 1) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth += 1;
    else if (c === '}' || c === ']') {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
  }
  return undefined;
}
