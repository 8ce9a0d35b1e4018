import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { forgeError, jsonResponse } from './json-response';

interface Entry {
  readonly value: unknown;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/**
 * Stands in for the Forge KVS service behind `@forge/kvs`: keys and secrets, kept in memory and
 * written through to a JSON file (or not at all, for `:memory:`). Secrets live in their own namespace,
 * as on Forge, so `get` never returns a secret.
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
    const key =
      typeof body.key === 'string' ? (secret ? `secret:${body.key}` : `key:${body.key}`) : undefined;
    switch (op) {
      case 'get': {
        const entry = key ? this.entries.get(key) : undefined;
        if (!entry) return forgeError(404, 'KEY_NOT_FOUND', 'Key not found');
        return jsonResponse(200, { key: body.key, ...entry });
      }
      case 'set': {
        if (!key) return forgeError(400, 'BAD_REQUEST', 'key is required');
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
        if (key) this.entries.delete(key);
        this.persist();
        return jsonResponse(204, undefined);
      case 'query':
        return jsonResponse(200, this.query(body));
      default:
        return forgeError(404, 'NOT_FOUND', `The KVS stand-in does not serve ${path}`);
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
