import type { ManifestIndex } from './manifest-index';
import { runInvocation } from './forge-runtime';

type Handler = (...args: unknown[]) => unknown;
export type Handlers = Readonly<Record<string, unknown>>;

/**
 * What became of one delivered event, as the sandbox reports it: the handler's own answer (`stored`,
 * `duplicate`, `skipped`, `rejected`), `retry` when it asked Forge to deliver again, or `not_subscribed`.
 */
export interface Delivery {
  readonly status: string;
  readonly eventType: string | null;
  readonly module?: string;
  readonly id?: string;
  readonly action?: string;
  readonly reason?: unknown;
  readonly retryAfter?: number;
}

/** The request a web trigger function receives (FD:events-reference/web-trigger). */
export interface WebTriggerCall {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string[]>;
  readonly queryParameters: Record<string, string[]>;
  readonly body: string;
}

export interface ProductEventContext {
  readonly cloudId: string;
}

/**
 * The installation's licence as Forge hands it to resolvers and product-event triggers of a paid app
 * installed from the Marketplace (the page's `view.getContext()` names it `active`); scheduled triggers
 * get none.
 */
export interface SandboxLicense {
  readonly isActive: boolean;
}

/**
 * The platform's side of invoking the app: picks the function the manifest names and calls the app's
 * exported handler with the arguments Forge passes. It decides nothing about the app's data.
 */
export class AppHost {
  /** SANDBOX_LICENSE; tests change it to let a licence lapse or be renewed while the sandbox runs. */
  license: SandboxLicense = { isActive: true };

  constructor(
    private readonly handlers: Handlers,
    private readonly manifest: ManifestIndex,
    private readonly site: ProductEventContext,
    /** Overrides every long function's `timeoutSeconds` (tests shorten runs to exercise continuation). */
    private readonly options: { readonly functionTimeoutMs?: number } = {},
  ) {}

  async deliverEvent(event: unknown): Promise<Delivery> {
    const eventType = (event as { eventType?: unknown } | null)?.eventType;
    const route = typeof eventType === 'string' ? this.manifest.triggers.get(eventType) : undefined;
    if (typeof eventType !== 'string' || !route) {
      return {
        status: 'not_subscribed',
        eventType: typeof eventType === 'string' ? eventType : null,
        reason:
          typeof eventType === 'string'
            ? `manifest.yml subscribes no trigger to ${eventType}, so Forge would not deliver it`
            : 'the payload has no string eventType, so no trigger can be chosen for it',
      };
    }
    const context = {
      installContext: `ari:cloud:jira::site/${this.site.cloudId}`,
      moduleKey: route.moduleKey,
      license: this.license,
    };
    const answer = await runInvocation({ accountId: null, moduleKey: route.moduleKey }, () =>
      this.handler(route.handler)(event, context),
    );
    const json = toJson(answer);
    if (json && json._retry === true) {
      const options = (json.retryOptions ?? {}) as {
        retryAfter?: number;
        retryReason?: unknown;
        retryData?: unknown;
      };
      return {
        status: 'retry',
        eventType,
        module: route.moduleKey,
        retryAfter: options.retryAfter ?? 0,
        reason: options.retryData ?? options.retryReason,
      };
    }
    return { status: 'done', ...json, eventType, module: route.moduleKey };
  }

  async runScheduled(key: string): Promise<unknown> {
    const route = this.manifest.scheduled.get(key);
    if (!route) return undefined;
    const event = { context: { cloudId: this.site.cloudId, moduleKey: key } };
    const deadlineMs = Date.now() + this.timeoutMs(route.handler);
    return runInvocation({ accountId: null, moduleKey: key, deadlineMs }, () =>
      this.handler(route.handler)(event, {}),
    );
  }

  /**
   * What Forge does with an event pushed to a queue: runs the `consumer` module's function with it, as
   * the app (no user), under that function's timeout. Undefined when no consumer listens to the queue.
   */
  async runConsumer(queueKey: string, event: unknown): Promise<unknown> {
    const route = this.manifest.consumers.get(queueKey);
    if (!route) return undefined;
    const deadlineMs = Date.now() + this.timeoutMs(route.handler);
    const context = {
      installContext: `ari:cloud:jira::site/${this.site.cloudId}`,
      moduleKey: route.moduleKey,
    };
    return runInvocation({ accountId: null, moduleKey: route.moduleKey, deadlineMs }, () =>
      this.handler(route.handler)(event, context),
    );
  }

  /** Scheduled triggers and consumers run 55 s unless their function sets `timeoutSeconds` (FD:limits-invocation). */
  private timeoutMs(handler: string): number {
    return this.options.functionTimeoutMs ?? (this.manifest.timeouts.get(handler) ?? 55) * 1000;
  }

  /** What the bridge's `invoke(key, payload)` does from the given admin page, as the given user. */
  async invoke(pageType: string, key: string, payload: unknown, accountId: string): Promise<unknown> {
    const page = this.manifest.pages.get(pageType);
    if (!page) throw new Error(`manifest.yml declares no ${pageType} module`);
    const request = {
      call: { functionKey: key, payload },
      context: { moduleKey: page.moduleKey, cloudId: this.site.cloudId, extension: { type: pageType } },
    };
    const platform = {
      principal: { accountId },
      installContext: `ari:cloud:jira::site/${this.site.cloudId}`,
      license: this.license,
    };
    return runInvocation({ accountId, moduleKey: page.moduleKey }, () =>
      this.handler(page.handler)(request, platform),
    );
  }

  /**
   * What Forge does when a web trigger's URL is called: passes the HTTP request, as JSON, to the function
   * of the `webtrigger` module with this key, with no user. Undefined when the manifest has no such module.
   */
  async runWebTrigger(key: string, request: WebTriggerCall): Promise<unknown> {
    const route = this.manifest.webtriggers.get(key);
    if (!route) return undefined;
    const context = { installContext: `ari:cloud:jira::site/${this.site.cloudId}` };
    return runInvocation({ accountId: null, moduleKey: key }, () =>
      this.handler(route.handler)(request, context),
    );
  }

  scheduledKeys(): readonly string[] {
    return [...this.manifest.scheduled.keys()];
  }

  private handler(name: string): Handler {
    const handler = this.handlers[name];
    if (typeof handler !== 'function') throw new Error(`src/index.ts exports no handler '${name}'`);
    return handler as Handler;
  }
}

/** InvocationError and plain results alike, as the platform serialises them. */
function toJson(value: unknown): Record<string, unknown> | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}
