import { Receiver, type ReceivedRequest, type Reply } from './receiver';

/**
 * A Sumo Logic HTTP Logs source as documented: the secret is the URL's last segment
 * (`/receiver/v1/http/<code>`), one record per line, at most 1 MB before compression (413 beyond); 200 on
 * success, 401 for an unknown code; 408 when accepted but not processed in time.
 * Source: https://help-opensource.sumologic.com/docs/send-data/hosted-collectors/http-source/logs-metrics/
 */
export class SumoReceiver extends Receiver {
  readonly lines: { readonly record: Record<string, unknown>; readonly category: string | undefined }[] = [];

  constructor(
    readonly code: string,
    private readonly maxBytes = 1_000_000,
  ) {
    super();
  }

  /** The source URL as Sumo Logic shows it, secret included. */
  get sourceUrl(): string {
    return `${this.url}/receiver/v1/http/${this.code}`;
  }

  documents(): Record<string, unknown>[] {
    return this.lines.map((line) => line.record);
  }

  protected respond(request: ReceivedRequest): Reply {
    const match = /^\/receiver\/v1\/http\/([^/]+)$/.exec(request.path);
    if (!match) return { status: 404 };
    if (decodeURIComponent(match[1]!) !== this.code) return { status: 401, body: 'Unauthorized' };
    if (Buffer.byteLength(request.body) > this.maxBytes) return { status: 413, body: 'Payload too large' };
    const category = request.headers['x-sumo-category'] as string | undefined;
    for (const line of request.body.split('\n')) {
      if (line.trim()) this.lines.push({ record: JSON.parse(line) as Record<string, unknown>, category });
    }
    return { status: 200 };
  }
}
