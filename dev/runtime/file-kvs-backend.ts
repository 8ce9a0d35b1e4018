import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { limits } from '../../src/limits';
import { forgeError, jsonResponse } from './json-response';

/** Forge's key rule (FD:storage-reference/handling-errors-kvs; FD:limits-kvs-ce), `-` escaped for clarity. */
const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;

interface Entry {
  readonly value: unknown;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/**
 * Stands in for the Forge KVS service behind `@forge/kvs`: keys and secrets, kept in memory and
 * written through to a JSON file (or not at all, for `:memory:`). Secrets live in their own namespace,
 * as on Forge, so `get` never returns a secret.
 *
 * It refuses what Forge refuses, with Forge's 400 codes (FD:storage-reference/handling-errors-kvs):
 * `KEY_TOO_SHORT`, `KEY_TOO_LONG` and `INVALID_KEY` for keys breaking the key rules, `MAX_SIZE` for a value
 * over 240 KiB (FD:limits-kvs-ce). `@forge/kvs` checks nothing itself; it throws `ForgeKvsAPIError` with
 * the status and the body's `code` and `message`.
 */
export class FileKvsBackend {
  private readonly entries: Map<string, Entry>;

  constructor(private readonly file: string | null) {
    this.entries = new Map();
    if (file) {
      try {
        const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Entry>;
        for (const [key, entry] of Object.entries(stored)) this.entries.set(key, entry);
      } catch {
        // No file yet: an empty store.
      }
    }
  }

  async handle(path: string, init: RequestInit | undefined): Promise<Response> {
    let body: {
      key?: unknown;
      value?: unknown;
      keys?: unknown;
      where?: unknown;
      limit?: unknown;
      after?: unknown;
    };
    try {
      body = JSON.parse(String(init?.body ?? '{}')) as typeof body;
    } catch {
      return forgeError(400, 'BAD_REQUEST', 'Request body is not JSON');
    }
    const secret = path.includes('/secret/');
    const op = path.replace('/api/v1/', '').replace('secret/', '');
    if (op === 'query') return jsonResponse(200, this.query(body));
    if (op !== 'get' && op !== 'set' && op !== 'delete') {
      return forgeError(404, 'NOT_FOUND', `The KVS stand-in does not serve ${path}`);
    }
    const refusal = checkKey(body.key) ?? (op === 'set' ? checkValue(body.value) : undefined);
    if (refusal) return refusal;
    const key = `${secret ? 'secret' : 'key'}:${String(body.key)}`;
    switch (op) {
      case 'get': {
        const entry = this.entries.get(key);
        if (!entry) return forgeError(404, 'KEY_NOT_FOUND', 'Key not found');
        return jsonResponse(200, { key: body.key, ...entry });
      }
      case 'set': {
        const now = Date.now();
        const entry = {
          value: body.value,
          createdAt: this.entries.get(key)?.createdAt ?? now,
          updatedAt: now,
        };
        this.entries.set(key, entry);
        this.persist();
        return jsonResponse(200, { key: body.key, ...entry });
      }
      case 'delete':
        this.entries.delete(key);
        this.persist();
        return jsonResponse(204, undefined);
    }
  }

  private query(body: { where?: unknown; limit?: unknown; after?: unknown }) {
    const where = Array.isArray(body.where)
      ? (body.where[0] as { condition?: string; values?: unknown[] })
      : undefined;
    const prefix = where?.condition === 'BEGINS_WITH' ? String(where.values?.[0] ?? '') : '';
    const limit = typeof body.limit === 'number' ? Math.min(body.limit, 100) : 10;
    const after = typeof body.after === 'string' ? body.after : '';
    const keys = [...this.entries.keys()]
      .filter((k) => k.startsWith('key:'))
      .map((k) => k.slice(4))
      .filter((k) => k.startsWith(prefix) && k > after)
      .sort();
    const page = keys.slice(0, limit);
    return {
      data: page.map((k) => ({ key: k, value: this.entries.get(`key:${k}`)?.value })),
      cursor: keys.length > limit ? page[page.length - 1] : undefined,
    };
  }

  private persist(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(Object.fromEntries(this.entries)));
    renameSync(temporary, this.file);
  }
}

function checkKey(key: unknown): Response | undefined {
  if (typeof key !== 'string') return forgeError(400, 'BAD_REQUEST', 'key is required');
  if (key.length < 1) return forgeError(400, 'KEY_TOO_SHORT', 'The key must have at least one character');
  if (key.length > limits.kvsKeyMaxLength)
    return forgeError(400, 'KEY_TOO_LONG', `The key exceeds ${limits.kvsKeyMaxLength} characters`);
  if (!KEY_PATTERN.test(key))
    return forgeError(400, 'INVALID_KEY', `The key does not match ${String(KEY_PATTERN)}`);
  return undefined;
}

/** A value is measured as Forge stores it: the UTF-8 bytes of its JSON. */
function checkValue(value: unknown): Response | undefined {
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? '');
  return bytes > limits.kvsValueBytes
    ? forgeError(400, 'MAX_SIZE', `The value (${bytes} bytes) exceeds the ${limits.kvsValueBytes}-byte limit`)
    : undefined;
}
