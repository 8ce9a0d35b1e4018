import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * The sandbox's stand-in for the host side of `@forge/bridge`.
 *
 * In Jira and Confluence, the host puts `globalThis.__bridge = { callBridge }` into the Custom UI iframe
 * before the app's scripts run, and every `@forge/bridge` API is a `callBridge(name, payload)` call
 * (see node_modules/@forge/bridge/out: 'invoke' with `{ functionKey, payload }`, 'getContext',
 * 'enableTheming', ...). Several of its modules look `__bridge` up when they load, so it must exist
 * before the page's first script: `injectSandbox` puts it there.
 *
 * Here `invoke` becomes `POST /api/invoke` on the sandbox server (README, "Sandbox endpoints"); the rest
 * answer as the host would for an admin page, or do nothing. No app logic lives here.
 *
 * Customer-managed egress (`permissions.egress.*`) is kept in the browser's localStorage under
 * `EGRESS_STORAGE_KEY`, as the site keeps it for an installation: the groups, and every call in order,
 * so a test can read what the page asked for. The admin's consent dialog is taken as approved.
 */

/** Where the stand-in keeps egress groups and the calls that changed them: `{ groups, calls }`. */
export const EGRESS_STORAGE_KEY = 'sandbox:egress';

/** What the stand-in keeps under `EGRESS_STORAGE_KEY`. */
export interface SandboxEgress {
  readonly groups: Record<
    string,
    { key: string; description: string; configured: { domain: string; type: string[] }[] }
  >;
  readonly calls: { name: 'get' | 'set' | 'deleteGroup' | 'deleteDomain'; payload: unknown }[];
}

/** What `view.getContext()` answers in the sandbox; the server chooses it per page (Jira or Confluence). */
export interface SandboxContext {
  readonly product: 'jira' | 'confluence';
  readonly accountId: string;
  readonly siteUrl: string;
  readonly cloudId: string;
  readonly timezone: string;
  readonly locale: string;
  readonly moduleKey: string;
  readonly extension: { readonly type: string; readonly [key: string]: unknown };
  /**
   * As for a paid app installed from the Marketplace: SANDBOX_LICENSE. The page's context calls it
   * `active` (@forge/bridge's LicenseDetails); resolvers get the same licence as `isActive`.
   */
  readonly license?: { readonly active: boolean };
  readonly [key: string]: unknown;
}

/** The admin page's context as each product shows it; module keys as in manifest.yml. */
export function sandboxContext(
  product: SandboxContext['product'],
  overrides: Partial<SandboxContext> = {},
): SandboxContext {
  return {
    product,
    accountId: '557058:sandbox-admin',
    siteUrl: 'https://sandbox.atlassian.net',
    cloudId: '00000000-0000-4000-8000-000000000000',
    timezone: 'UTC',
    locale: 'en-US',
    moduleKey: product === 'jira' ? 'audit-trail-jira' : 'audit-trail-confluence',
    extension: { type: product === 'jira' ? 'jira:adminPage' : 'confluence:globalSettings' },
    ...overrides,
  };
}

/**
 * The browser script that defines `globalThis.__bridge`. It reads `window.__SANDBOX_CONTEXT__`, which
 * must be set before it runs (`injectSandbox` does both). Plain ES5-style source on purpose: it is
 * served as is, never compiled.
 */
export function bridgeStandInScript(): string {
  return STAND_IN_SOURCE;
}

/**
 * Puts the sandbox context, the bridge stand-in and the design-token theme into the built index.html,
 * before its first `<script` (the built page loads its bundle from `<head>`).
 */
export function injectSandbox(html: string, context: object): string {
  const json = JSON.stringify(context).replace(/</g, '\\u003c');
  const block =
    `<style id="sandbox-theme">${themeCss()}</style>` +
    `<script>window.__SANDBOX_CONTEXT__=${json};</script>` +
    `<script>${bridgeStandInScript()}</script>`;
  const at = firstIndex(html, /<script\b/i) ?? firstIndex(html, /<\/head>/i) ?? firstIndex(html, /<\/body>/i);
  return at === undefined ? html + block : html.slice(0, at) + block + html.slice(at);
}

function firstIndex(text: string, pattern: RegExp): number | undefined {
  const at = text.search(pattern);
  return at === -1 ? undefined : at;
}

let theme: string | undefined;

/**
 * The light theme's design-token CSS (colours, spacing, type, shape), which the host supplies when the
 * app calls `view.theme.enable()`. Its rules apply only once the stand-in's `enableTheming` has set the
 * `data-theme` attributes, as on a real site. Empty (the page falls back to its own defaults) if
 * `@atlaskit/tokens` cannot be read.
 */
function themeCss(): string {
  if (theme !== undefined) return theme;
  try {
    const load = createRequire(
      typeof __filename === 'string' ? __filename : join(process.cwd(), 'package.json'),
    );
    theme = ['atlassian-light', 'atlassian-spacing', 'atlassian-typography', 'atlassian-shape']
      .map(
        (name) =>
          (load(`@atlaskit/tokens/dist/cjs/artifacts/themes/${name}.js`) as { default: string }).default,
      )
      .join('\n')
      .replace(/<\/style/gi, '<\\/style');
  } catch (error) {
    console.warn(`sandbox: no design-token theme for the admin page (${String(error)})`);
    theme = '';
  }
  return theme;
}

const STAND_IN_SOURCE = `(function () {
  'use strict';
  var context = window.__SANDBOX_CONTEXT__ || {};
  var EGRESS_KEY = ${JSON.stringify(EGRESS_STORAGE_KEY)};
  // Forge's limits on customer-managed egress: groups per installation, domains per group.
  var MAX_GROUPS = 10;
  var MAX_DOMAINS = 10;

  function copy(value) {
    return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  }

  // A resolver's { error } answer comes back as data (HTTP 4xx/5xx with that body), as in Forge; only a
  // failure of the transport itself rejects, as the real bridge does.
  function invoke(request) {
    var body = {
      key: request.functionKey,
      payload: request.payload,
      product: context.product,
      module: context.extension && context.extension.type,
      accountId: context.accountId
    };
    return fetch('/api/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.text().then(function (text) {
        var data;
        try {
          data = text ? JSON.parse(text) : undefined;
        } catch (e) {
          throw new Error('sandbox /api/invoke answered HTTP ' + response.status + ' with a body that is not JSON');
        }
        // With metadata (rate-limit properties) the real bridge answers { body, metadata }.
        var answer = function (value) { return request.metadata ? { body: value, metadata: {} } : value; };
        if (response.ok) return answer(data);
        if (data && typeof data === 'object' && data.error) return answer(data);
        throw new Error('sandbox /api/invoke answered HTTP ' + response.status);
      });
    });
  }

  function getContext() {
    var base = { localId: 'sandbox-' + (context.moduleKey || 'page'), environmentId: 'sandbox', environmentType: 'SANDBOX' };
    var full = copy(context) || {};
    for (var key in base) if (!(key in full)) full[key] = base[key];
    return full;
  }

  function enableTheming() {
    var root = document.documentElement;
    root.setAttribute('data-color-mode', 'light');
    root.setAttribute('data-theme', 'light:light dark:dark spacing:spacing typography:typography shape:shape');
  }

  // view.createHistory(): backed by the sandbox page's own address, as the host backs it with the product's,
  // so the app's location shows in the address bar, survives a reload and works with Back/Forward. The
  // sandbox's own parameters (?as=) stay in the address but are not part of the app's location.
  function createHistory() {
    var HOST_PARAMS = ['as'];
    var listeners = [];
    function appLocation(state) {
      var params = new URLSearchParams(window.location.search);
      HOST_PARAMS.forEach(function (name) { params.delete(name); });
      var search = params.toString();
      return { pathname: '/', search: search ? '?' + search : '', hash: window.location.hash, state: state === undefined ? null : state, key: Math.random().toString(36).slice(2, 10) };
    }
    function address(to) {
      var next = typeof to === 'string' ? new URL(to, 'sandbox://page/') : { search: to.search || '', hash: to.hash || '' };
      var params = new URLSearchParams(next.search);
      var current = new URLSearchParams(window.location.search);
      HOST_PARAMS.forEach(function (name) { if (current.has(name)) params.set(name, current.get(name)); });
      var search = params.toString();
      return window.location.pathname + (search ? '?' + search : '') + (next.hash || '');
    }
    function notify(action, state) {
      history.action = action;
      history.location = appLocation(state);
      listeners.slice().forEach(function (listener) { listener(history.location, action); });
    }
    var history = {
      action: 'POP',
      location: appLocation(window.history.state),
      listen: function (listener) {
        listeners.push(listener);
        return function () {
          listeners = listeners.filter(function (l) { return l !== listener; });
        };
      },
      push: function (to, state) { window.history.pushState(state, '', address(to)); notify('PUSH', state); },
      replace: function (to, state) { window.history.replaceState(state, '', address(to)); notify('REPLACE', state); },
      go: function (n) { window.history.go(n); },
      back: function () { window.history.back(); },
      forward: function () { window.history.forward(); }
    };
    window.addEventListener('popstate', function (event) { notify('POP', event.state); });
    return history;
  }

  // permissions.egress.*: set replaces the groups it names (a key already present keeps its place);
  // deleting what is not there does nothing. Each call is recorded, then answered.
  function egress(name, payload) {
    var state;
    try {
      state = JSON.parse(window.localStorage.getItem(EGRESS_KEY) || 'null');
    } catch (e) {
      state = null;
    }
    state = state || { groups: {}, calls: [] };
    state.calls.push({ name: name, payload: copy(payload) });
    var save = function () { window.localStorage.setItem(EGRESS_KEY, JSON.stringify(state)); };
    var values = function () { return Object.keys(state.groups).map(function (k) { return state.groups[k]; }); };
    payload = payload || {};
    if (name === 'set') {
      var egresses = payload.egresses || [];
      var added = egresses.filter(function (g) { return !state.groups[g.key]; }).length;
      if (Object.keys(state.groups).length + added > MAX_GROUPS) {
        save();
        return Promise.reject(new Error('400: at most ' + MAX_GROUPS + ' egress groups per installation'));
      }
      for (var i = 0; i < egresses.length; i++) {
        if ((egresses[i].configured || []).length > MAX_DOMAINS) {
          save();
          return Promise.reject(new Error('400: at most ' + MAX_DOMAINS + ' domains per egress group'));
        }
      }
      egresses.forEach(function (g) { state.groups[g.key] = copy(g); });
      save();
      return Promise.resolve({ results: copy(egresses) });
    }
    if (name === 'deleteGroup') {
      delete state.groups[payload.key];
      save();
      return Promise.resolve();
    }
    if (name === 'deleteDomain') {
      var group = state.groups[payload.key];
      if (group) {
        group.configured = group.configured.filter(function (c) { return c.domain !== payload.domain; });
      }
      save();
      return Promise.resolve();
    }
    save();
    var keys = payload.keys;
    return Promise.resolve({
      results: copy(values().filter(function (g) { return !keys || keys.indexOf(g.key) !== -1; }))
    });
  }

  var subscription = { unsubscribe: function () {} };

  function callBridge(name, payload) {
    switch (name) {
      case 'invoke':
        return invoke(payload || {});
      case 'getContext':
        return Promise.resolve(getContext());
      case 'enableTheming':
        enableTheming();
        return Promise.resolve();
      case 'createHistory':
        return Promise.resolve(createHistory());
      case 'navigate':
        // router.open / router.navigate: the host opens the product's page.
        if (payload && payload.type === 'new-tab') window.open(payload.url, '_blank', 'noopener');
        else if (payload && payload.url) window.location.assign(payload.url);
        return Promise.resolve();
      case 'on':
      case 'onPublic':
        return Promise.resolve(subscription);
      case '__permission__egressGet':
        return egress('get', payload);
      case '__permission__egressSet':
        return egress('set', payload);
      case '__permission__egressDeleteGroup':
        return egress('deleteGroup', payload);
      case '__permission__egressDeleteDomain':
        return egress('deleteDomain', payload);
      default:
        if (window.console) console.debug('[sandbox bridge] ' + name + ': not available in the sandbox, ignored');
        return Promise.resolve(undefined);
    }
  }

  globalThis.__bridge = { callBridge: callBridge };
})();`;
