import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gunzipSync, inflateSync } from 'node:zlib';

/** One request as a receiver saw it, body already inflated. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  /** The body as sent (compressed, if it was). */
  readonly wireBytes: number;
  /** The body after `Content-Encoding` was undone. */
  readonly body: string;
}

export interface Reply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** A scripted answer for the next `times` requests, before the receiver's own behaviour. */
interface Scripted extends Reply {
  times: number;
}

export interface RequestLog {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly status: number | 'reset' | 'timeout';
  readonly wireBytes: number;
  readonly bodyBytes: number;
  readonly encoding: string | undefined;
}

/**
 * A small local HTTP server that behaves as one SIEM's ingestion API documents (subclasses say how), with
 * switches to misbehave: down (connection refused), scripted answers (429 with Retry-After, 503, …),
 * slow answers (client timeouts), dropped connections. Listens on 127.0.0.1 on a free port; `down()` and
 * `up()` close and reopen that same port, as an outage would.
 */
export abstract class Receiver {
  readonly log: RequestLog[] = [];
  private server: Server | undefined;
  private port = 0;
  private readonly sockets = new Set<Socket>();
  private readonly script: Scripted[] = [];
  private slow: { ms: number; times: number } | undefined;
  private resets = 0;
  private lostAnswers = 0;

  /** What the receiver does with a request when no fault applies. */
  protected abstract respond(request: ReceivedRequest): Reply | Promise<Reply>;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    await this.listen(0);
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** An outage: the port stops listening (connection refused). */
  down(): Promise<void> {
    return this.stop();
  }

  /** Back on the same port. */
  up(): Promise<void> {
    return this.listen(this.port);
  }

  /** Answers the next `times` requests so (e.g. 429 with `Retry-After`, 503), whatever they carry. */
  answer(reply: Reply, times = 1): this {
    this.script.push({ ...reply, times });
    return this;
  }

  /** Holds the next `times` requests for `ms` before answering (longer than the client waits: a timeout). */
  delay(ms: number, times = 1): this {
    this.slow = { ms, times };
    return this;
  }

  /** Drops the connection of the next `times` requests without an answer. */
  dropConnections(times = 1): this {
    this.resets += times;
    return this;
  }

  /**
   * Processes the next `times` requests normally, then drops the connection instead of answering: the
   * receiver has the data, the sender does not know it (the case at-least-once delivery is about).
   */
  loseAnswers(times = 1): this {
    this.lostAnswers += times;
    return this;
  }

  /** Requests answered with this status. */
  count(status: number): number {
    return this.log.filter((entry) => entry.status === status).length;
  }

  private listen(port: number): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.keepAliveTimeout = 1000;
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        this.port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const wire = Buffer.concat(chunks);
    const encoding = req.headers['content-encoding'];
    const url = new URL(req.url ?? '/', 'http://receiver');
    const logBase = { path: url.pathname, headers: req.headers, wireBytes: wire.length, encoding };
    if (this.resets > 0) {
      this.resets -= 1;
      this.log.push({ ...logBase, status: 'reset', bodyBytes: wire.length });
      req.socket.destroy();
      return;
    }
    if (this.slow && this.slow.times > 0) {
      this.slow.times -= 1;
      const ms = this.slow.ms;
      await new Promise((resolve) => setTimeout(resolve, ms).unref());
      if (req.socket.destroyed) {
        this.log.push({ ...logBase, status: 'timeout', bodyBytes: wire.length });
        return;
      }
    }
    let body: string;
    try {
      body = (
        encoding === 'gzip' ? gunzipSync(wire) : encoding === 'deflate' ? inflateSync(wire) : wire
      ).toString('utf8');
    } catch {
      return this.send(
        res,
        { status: 400, body: 'the body could not be decompressed' },
        logBase,
        wire.length,
      );
    }
    const scripted = this.script[0];
    if (scripted) {
      scripted.times -= 1;
      if (scripted.times <= 0) this.script.shift();
      return this.send(res, scripted, logBase, Buffer.byteLength(body));
    }
    const request: ReceivedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      wireBytes: wire.length,
      body,
    };
    let reply: Reply;
    try {
      reply = await this.respond(request);
    } catch (error) {
      reply = { status: 500, body: String(error) };
    }
    this.send(res, reply, logBase, Buffer.byteLength(body));
  }

  private send(
    res: ServerResponse,
    reply: Reply,
    logBase: Omit<RequestLog, 'status' | 'bodyBytes'>,
    bodyBytes: number,
  ): void {
    if (this.lostAnswers > 0 && reply.status < 300) {
      this.lostAnswers -= 1;
      this.log.push({ ...logBase, status: 'reset', bodyBytes });
      res.socket?.destroy();
      return;
    }
    this.log.push({ ...logBase, status: reply.status, bodyBytes });
    if (res.destroyed) return;
    res.writeHead(reply.status, { ...(reply.headers ?? {}) });
    res.end(reply.body ?? '');
  }
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
