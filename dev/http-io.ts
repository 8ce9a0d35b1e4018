import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest request body the sandbox accepts (a big NDJSON batch of events). */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function readBody(request: IncomingMessage): Promise<string> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(): HttpFailure {
  return new HttpFailure(
    413,
    'PAYLOAD_TOO_LARGE',
    `The body is over ${MAX_BODY_BYTES / 1024 / 1024} MiB; send it in parts.`,
  );
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

export function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  sendJson(response, status, { error: { code, message } });
}

/**
 * `POST /api/events` takes one payload, a JSON array of payloads, or NDJSON (one per line). In NDJSON, a
 * line that is not JSON becomes its own error entry and the other lines are still delivered; a body in
 * which no line is JSON is not NDJSON at all, and is refused whole (400, naming the first line's problem).
 */
export function parseEventsBody(text: string): {
  readonly events: unknown[];
  readonly bad: ReadonlyMap<number, string>;
} {
  const trimmed = text.trim();
  if (!trimmed)
    throw new HttpFailure(
      400,
      'BAD_REQUEST',
      'The body is empty: send a Forge event payload, an array, or NDJSON.',
    );
  try {
    const whole: unknown = JSON.parse(trimmed);
    return { events: Array.isArray(whole) ? whole : [whole], bad: new Map() };
  } catch {
    // Not one JSON document: read it as NDJSON.
  }
  const events: unknown[] = [];
  const bad = new Map<number, string>();
  for (const [index, line] of trimmed
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .entries()) {
    try {
      events.push(JSON.parse(line));
    } catch (error) {
      bad.set(index, `line ${index + 1} is not JSON: ${(error as Error).message}`);
      events.push(undefined);
    }
  }
  if (bad.size === events.length) {
    throw new HttpFailure(
      400,
      'BAD_REQUEST',
      `The body is neither JSON nor NDJSON: ${bad.get(0) ?? 'no line is JSON'}. Send a Forge event payload, an array, or NDJSON.`,
    );
  }
  return { events, bad };
}
