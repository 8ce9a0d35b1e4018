import { AsyncLocalStorage } from 'node:async_hooks';
import { forgeError, jsonResponse } from './json-response';

/** Who the current invocation runs for: what the platform knows from the user's session token. */
export interface Invocation {
  readonly accountId: string | null;
  readonly moduleKey: string;
  /** When the platform would stop this invocation (epoch ms); `getRemainingTimeInMillis` counts down to it. */
  readonly deadlineMs?: number;
}

export interface ProductRequest {
  readonly product: 'jira' | 'confluence';
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  /** null: as the app (`asApp()`); otherwise the user the request runs as. */
  readonly asAccountId: string | null;
}

export interface ProductResponse {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body: unknown;
}

type Backend = { handle(path: string, init: RequestInit | undefined): Promise<Response> };

export interface RuntimeBackends {
  /** Forge SQL; absent when the app runs on SQLite and never calls `@forge/sql`. */
  readonly sql?: Backend;
  readonly kvs: Backend;
  /** The async-events service behind `@forge/events` (`Queue.push`); absent: pushes are refused. */
  readonly queue?: Backend;
  /** Atlassian's personal-data reporting API (`POST /app/report-accounts`); absent: such reports are refused. */
  readonly privacy?: Backend;
  /** The Jira/Confluence REST APIs of the site the app is installed on. */
  readonly products: (request: ProductRequest) => ProductResponse | Promise<ProductResponse>;
  readonly cloudId: string;
}

const invocations = new AsyncLocalStorage<Invocation>();

/** Runs `fn` as one Forge invocation: `asUser()` calls inside it act as `invocation.accountId`. */
export function runInvocation<T>(invocation: Invocation, fn: () => T): T {
  return invocations.run(invocation, fn);
}

interface FetchTarget {
  readonly type?: string;
  readonly provider?: string;
  readonly remote?: string;
  readonly accountId?: string;
}

/**
 * Installs the two globals that the real `@forge/api`, `@forge/sql` and `@forge/kvs` call into
 * (`__forge_runtime__` and `__forge_fetch__`), so the app's unmodified code runs locally. External
 * `fetch` is Node's own, so it reaches real HTTP servers as on Forge.
 */
export function installForgeRuntime(backends: RuntimeBackends): void {
  const noop = { incr() {}, decr() {}, measure: () => ({ stop() {} }) };
  const globals = globalThis as Record<string, unknown>;
  globals.__forge_runtime__ = {
    proxy: { token: 'sandbox', url: 'http://sandbox' },
    metrics: { counter: () => noop, timing: () => noop, gauge: () => noop },
    tracing: { traceId: 'sandbox', spanId: 'sandbox' },
    appContext: {
      appId: '00000000-0000-0000-0000-000000000000',
      appVersion: '0.1.0',
      environmentId: 'sandbox',
      // Not one of Forge's own types (DEVELOPMENT, STAGING, PRODUCTION): how the app knows it runs here.
      environmentType: 'SANDBOX',
      invocationId: 'sandbox',
      installationId: 'sandbox',
      get moduleKey() {
        return invocations.getStore()?.moduleKey ?? 'sandbox';
      },
    },
    lambdaContext: {
      getRemainingTimeInMillis: () => {
        const deadline = invocations.getStore()?.deadlineMs;
        return deadline === undefined ? 25_000 : Math.max(0, deadline - Date.now());
      },
    },
    externalAuth: [],
  };
  globals.__forge_fetch__ = async (target: FetchTarget, path: string, init?: RequestInit) => {
    switch (target.type) {
      case 'sql':
        return backends.sql
          ? backends.sql.handle(path, init)
          : forgeError(503, 'APP_NOT_ENABLED', 'This sandbox runs on SQLite: Forge SQL is not connected');
      case 'kvs':
        return backends.kvs.handle(path, init);
      case 'fpp':
        // `@forge/events` pushes to the async-events service through the same proxy as product APIs.
        // `@forge/api`'s privacy module reports accounts through the same proxy.
        if (target.remote === 'stargate' && path.startsWith('/app/report-accounts')) {
          return backends.privacy
            ? backends.privacy.handle(path, init)
            : forgeError(
                503,
                'PRIVACY_NOT_AVAILABLE',
                'This sandbox has no personal-data reporting stand-in',
              );
        }
        if (target.remote === 'stargate' && path.startsWith('/webhook/queue/')) {
          return backends.queue
            ? backends.queue.handle(path, init)
            : forgeError(503, 'QUEUE_NOT_AVAILABLE', 'This sandbox has no queue stand-in');
        }
        return productFetch(backends, target, path, init);
      default:
        return forgeError(
          404,
          'NOT_FOUND',
          `The sandbox does not stand in for ${String(target.type)} requests`,
        );
    }
  };
}

async function productFetch(
  backends: RuntimeBackends,
  target: FetchTarget,
  path: string,
  init?: RequestInit,
) {
  if (target.remote !== 'jira' && target.remote !== 'confluence') {
    return forgeError(404, 'NOT_FOUND', `The sandbox has no ${String(target.remote)} API`);
  }
  // asUser() without an id acts as the invocation's user; asApp() as the app itself.
  const asAccountId =
    target.provider === 'user' ? (target.accountId ?? invocations.getStore()?.accountId ?? null) : null;
  if (target.provider === 'user' && !asAccountId) {
    return new Response('', { status: 401, headers: { 'forge-proxy-error': 'NEEDS_AUTHENTICATION_ERR' } });
  }
  const text = typeof init?.body === 'string' ? init.body : undefined;
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    return jsonResponse(400, { errorMessages: ['The request body is not valid JSON.'] });
  }
  const answer = await backends.products({
    product: target.remote,
    method: (init?.method ?? 'GET').toUpperCase(),
    path,
    body,
    asAccountId,
  });
  return jsonResponse(answer.status, answer.body, answer.headers);
}
