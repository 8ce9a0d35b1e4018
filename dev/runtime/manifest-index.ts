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
  /** UI module type ('jira:adminPage', 'confluence:globalSettings') → its module key and resolver handler. */
  readonly pages: ReadonlyMap<string, { readonly moduleKey: string; readonly handler: string }>;
  readonly resources: ReadonlyMap<string, string>;
}

interface RawModule {
  key: string;
  function?: string;
  events?: string[];
  interval?: string;
  resource?: string;
  resolver?: { function?: string };
}

export function readManifest(file: string): ManifestIndex {
  const raw = parse(readFileSync(file, 'utf8')) as {
    modules: Record<string, RawModule[]> & { function: { key: string; handler: string }[] };
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
  for (const type of ['jira:adminPage', 'confluence:globalSettings']) {
    const m = raw.modules[type]?.[0];
    if (m) pages.set(type, { moduleKey: m.key, handler: handlerOf(m.resolver?.function) });
  }
  const resources = new Map((raw.resources ?? []).map((r) => [r.key, r.path]));
  return { triggers, scheduled, pages, resources };
}
