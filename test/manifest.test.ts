import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ProcessorBuilder, ValidationTypes, validateTriggerScopes } from '@forge/manifest';
import { parse } from 'yaml';
import { readManifest } from '../dev/runtime/manifest-index';
import * as handlers from '../src/index';

const file = resolve(__dirname, '../manifest.yml');
const raw = parse(readFileSync(file, 'utf8')) as {
  app: { runtime: { name: string }; compatibility: Record<string, { required: boolean }> };
  permissions: { scopes: string[] };
  modules: {
    trigger: { key: string; function: string; events: string[] }[];
    function: { key: string; handler: string }[];
  };
};

describe('manifest.yml', () => {
  test.each([ValidationTypes.FULL, ValidationTypes.PRODUCT_TRIGGER])(
    "passes Forge's own %s validation",
    async (type) => {
      // FULL validation checks that the Custom UI resource exists: `npm test` builds it first.
      expect(existsSync(resolve(__dirname, '../static/admin/build/index.html'))).toBe(true);
      const result = await ProcessorBuilder.instance().withValidation(type).build().process(file);
      expect((result.errors ?? []).filter((e) => e.level === 'error').map((e) => e.message)).toEqual([]);
      expect(result.success).toBe(true);
    },
  );

  test('one installation for both products: Jira required, Confluence optional, a current Node runtime', () => {
    expect(raw.app.compatibility).toEqual({ jira: { required: true }, confluence: { required: false } });
    expect(['nodejs22.x', 'nodejs24.x']).toContain(raw.app.runtime.name);
  });

  test('every subscribed event has the scopes it needs, and no scope is there for nothing', async () => {
    const events = raw.modules.trigger.flatMap((t) => t.events);
    const missing: string[] = [];
    const needed = new Set<string>();
    for (const event of events) {
      const granted = await validateTriggerScopes(event, raw.permissions.scopes);
      missing.push(...granted.missingScopes.map((scope) => `${event} needs ${scope}`));
      for (const scope of (await validateTriggerScopes(event, [])).missingScopes) needed.add(scope);
    }
    expect(missing).toEqual([]);
    // storage:app is for @forge/kvs, read:audit-log:confluence, read:space:confluence and write:jira-work
    // for REST calls (GET /wiki/rest/api/audit, GET /wiki/api/v2/spaces, POST /rest/api/3/issue for an
    // alert's Jira issue); every other scope must be one some subscribed event needs.
    const forRestCalls = new Set([
      'storage:app',
      'read:audit-log:confluence',
      'read:space:confluence',
      'write:jira-work',
    ]);
    expect(raw.permissions.scopes.filter((s) => !forRestCalls.has(s) && !needed.has(s))).toEqual([]);
  });

  test('views are in modules of their own, and every handler named is exported by src/index.ts', () => {
    const index = readManifest(file);
    const viewModules = new Set(
      [...index.triggers].filter(([event]) => event.includes(':viewed:')).map(([, route]) => route.moduleKey),
    );
    expect([...viewModules].sort()).toEqual(['confluence-view-events', 'jira-view-events']);
    for (const moduleKey of viewModules) {
      const module = raw.modules.trigger.find((t) => t.key === moduleKey)!;
      expect(module.events.every((e) => e.includes(':viewed:'))).toBe(true);
    }
    for (const f of raw.modules.function) {
      expect([
        f.handler,
        typeof (handlers as Record<string, unknown>)[f.handler.replace('index.', '')],
      ]).toEqual([f.handler, 'function']);
    }
  });
});
