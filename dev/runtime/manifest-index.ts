import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/**
 * What the platform reads from manifest.yml to route work to the app's functions: which trigger module
 * (and so which function) receives each event type, which function each scheduled trigger runs, and
 * which function resolves each UI module's `invoke` calls. The sandbox routes exactly as declared, so an
 * event the manifest does not subscribe to is not delivered locally either.
 */
export interface ManifestIndex {
  /** eventType → trigger module key and the handler export it runs. */
  readonly triggers: ReadonlyMap<string, { readonly moduleKey: string; readonly handler: string }>;
  readonly scheduled: ReadonlyMap<string, { readonly handler: string; readonly interval: string }>;
  /** UI module type ('jira:adminPage', 'jira:issueContext', …) → its module key and resolver handler. */
  readonly pages: ReadonlyMap<string, { readonly moduleKey: string; readonly handler: string }>;
  readonly resources: ReadonlyMap<string, string>;
  /** `webtrigger` module key → the handler export it runs. */
  readonly webtriggers: ReadonlyMap<string, { readonly handler: string }>;
  /** Queue key → the `consumer` module that receives its events and the handler export it runs. */
  readonly consumers: ReadonlyMap<string, { readonly moduleKey: string; readonly handler: string }>;
  /** Handler export → its function's `timeoutSeconds`, where the manifest sets one. */
  readonly timeouts: ReadonlyMap<string, number>;
}

interface RawModule {
  key: string;
  function?: string;
  events?: string[];
  interval?: string;
  resource?: string;
  resolver?: { function?: string };
  queue?: string;
}

/** The one-object views (an issue's or a page's trail) that share the admin page's resource. */
export const OBJECT_VIEWS = ['jira:issueContext', 'confluence:contentBylineItem'] as const;

export function readManifest(file: string): ManifestIndex {
  const raw = parse(readFileSync(file, 'utf8')) as {
    modules: Record<string, RawModule[]> & {
      function: { key: string; handler: string; timeoutSeconds?: number }[];
    };
    resources?: { key: string; path: string }[];
  };
  const handlers = new Map(raw.modules.function.map((f) => [f.key, f.handler.replace(/^index\./, '')]));
  const handlerOf = (functionKey: string | undefined) => {
    const handler = functionKey ? handlers.get(functionKey) : undefined;
    if (!handler) throw new Error(`manifest.yml: function '${String(functionKey)}' is not declared`);
    return handler;
  };
  const triggers = new Map<string, { moduleKey: string; handler: string }>();
  for (const m of raw.modules.trigger ?? []) {
    for (const event of m.events ?? [])
      triggers.set(event, { moduleKey: m.key, handler: handlerOf(m.function) });
  }
  const scheduled = new Map(
    (raw.modules.scheduledTrigger ?? []).map((m) => [
      m.key,
      { handler: handlerOf(m.function), interval: m.interval ?? 'hour' },
    ]),
  );
  const pages = new Map<string, { moduleKey: string; handler: string }>();
  for (const type of ['jira:adminPage', 'confluence:globalSettings', ...OBJECT_VIEWS]) {
    const m = raw.modules[type]?.[0];
    if (m) pages.set(type, { moduleKey: m.key, handler: handlerOf(m.resolver?.function) });
  }
  const resources = new Map((raw.resources ?? []).map((r) => [r.key, r.path]));
  const webtriggers = new Map(
    (raw.modules.webtrigger ?? []).map((m) => [m.key, { handler: handlerOf(m.function) }]),
  );
  const consumers = new Map(
    (raw.modules.consumer ?? []).map((m) => [
      m.queue ?? m.key,
      { moduleKey: m.key, handler: handlerOf(m.function) },
    ]),
  );
  const timeouts = new Map(
    raw.modules.function
      .filter((f) => typeof f.timeoutSeconds === 'number')
      .map((f) => [f.handler.replace(/^index\./, ''), f.timeoutSeconds as number]),
  );
  return { triggers, scheduled, pages, resources, webtriggers, consumers, timeouts };
}
