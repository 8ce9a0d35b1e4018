import { fetch } from '@forge/api';
import { gzipSync } from 'node:zlib';
import type { Answer } from '../destinations/driver';

export type PostResult =
  | { readonly ok: true; readonly answer: Answer; readonly sentBytes: number }
  | { readonly ok: false; readonly reason: string; readonly sentBytes: number };

/**
 * One POST through Forge's `fetch` (egress-checked on Forge; Node's fetch in the sandbox), with a hard
 * timeout covering the answer's body too, no redirects followed, and the body gzip-compressed when the
 * receiver accepts it. A network failure comes back as data, never as a throw.
 */
export async function post(
  url: string,
  headers: Readonly<Record<string, string>>,
  body: string,
  options: { readonly gzip: boolean; readonly timeoutMs: number; readonly contentType?: string },
): Promise<PostResult> {
  const compressed = options.gzip ? gzipSync(body) : undefined;
  const payload = compressed
    ? compressed.buffer.slice(compressed.byteOffset, compressed.byteOffset + compressed.byteLength)
    : body;
  const sentBytes = compressed ? compressed.byteLength : Buffer.byteLength(body);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'user-agent': 'AuditTrail-Forge-App',
        ...headers,
        ...(compressed ? { 'content-encoding': 'gzip' } : {}),
      },
      body: payload as ArrayBuffer | string,
      redirect: 'manual',
      signal: AbortSignal.timeout(Math.max(1, Math.floor(options.timeoutMs))),
    });
    const text = await response.text();
    return {
      ok: true,
      answer: { status: response.status, headers: response.headers, body: text },
      sentBytes,
    };
  } catch (error) {
    return { ok: false, reason: networkReason(error, options.timeoutMs), sentBytes };
  }
}

function networkReason(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  }
  const code = e?.cause?.code;
  if (code === 'ECONNREFUSED') return 'the connection was refused (is the receiver running?)';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET')
    return 'the connection was dropped before an answer';
  if (code === 'ENOTFOUND') return 'the host name does not resolve';
  return `the request failed: ${e?.cause?.message ?? e?.message ?? String(error)}`;
}
