import { ALL_EVENT_TYPES_BY_FAMILY, samplePayload } from '../../dev/payloads';
import { startSandbox, type Sandbox } from '../../dev/sandbox';
import { capture } from '../../src/index';
import { normalizeEvent } from '../../src/capture/normalize';
import { testEngines } from '../support/engines';
import { rowsOf } from '../support/rows';

/** A small seeded PRNG (mulberry32): the same mutations on every run, so a failure can be replayed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T };
}

const HOSTILE: readonly unknown[] = [
  null,
  undefined,
  0,
  -1,
  1e308,
  Number.NaN,
  '',
  '💥'.repeat(5000),
  'x'.repeat(300_000),
  "'; DROP TABLE audit_event; --",
  '<script>alert(1)</script>',
  '=HYPERLINK("http://evil")',
  '\u0000\u0001\ud800',
  [],
  [1, 'two', null],
  {},
  { __proto__: { polluted: true } },
  JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}'),
  true,
];

type Json = Record<string, unknown>;

function mutate(base: Json, r: ReturnType<typeof prng>): unknown {
  const copy = structuredClone(base) as Json;
  const paths: string[][] = [];
  const walk = (value: unknown, path: string[]) => {
    if (value === null || typeof value !== 'object' || path.length > 4) return;
    for (const key of Object.keys(value)) {
      paths.push([...path, key]);
      walk((value as Json)[key], [...path, key]);
    }
  };
  walk(copy, []);
  const edits = 1 + Math.floor(r.next() * 3);
  for (let i = 0; i < edits; i++) {
    const path = r.pick(paths);
    if (!path) break;
    let parent: unknown = copy;
    for (const key of path.slice(0, -1)) parent = (parent as Json | null)?.[key];
    if (parent === null || typeof parent !== 'object') continue;
    const key = path[path.length - 1]!;
    if (r.next() < 0.3) delete (parent as Json)[key];
    else (parent as Json)[key] = r.pick(HOSTILE);
  }
  const roll = r.next();
  if (roll < 0.05) return r.pick(HOSTILE);
  if (roll < 0.1)
    copy.eventType = r.pick(['avi:jira:exploded:widget', 'avi:confluence:', 'avi:', 'nope', 7, null]);
  return copy;
}

const everyEvent = Object.values(ALL_EVENT_TYPES_BY_FAMILY).flat();

describe.each(testEngines)('fuzzing the capture handler on $name', (engine) => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ auditDb: await engine.freshDatabase(), kvsFile: null });
  });
  afterAll(async () => {
    await sandbox.close();
    await engine.dropAll();
  });

  test('1,500 mutated payloads: no throw, no double row, every valid non-view one stored', async () => {
    const r = prng(20261122);
    const expectedIds = new Set<string>();
    let valid = 0;
    let previous: unknown;
    for (let i = 0; i < 1500; i++) {
      // Every tenth payload is the previous one again: a duplicate delivery in the middle of the noise.
      const payload = i % 10 === 9 ? previous : mutate(samplePayload(r.pick(everyEvent)) as Json, r);
      previous = payload;
      const normalized = normalizeEvent(payload, new Date());
      const answer = (await capture(payload)) as { status?: string; id?: string; _retry?: boolean };
      expect(answer._retry).toBeUndefined();
      if (!normalized.ok) {
        expect(answer.status).toBe('rejected');
        continue;
      }
      valid += 1;
      expect(answer.id).toBe(normalized.record.id);
      if (normalized.record.action.endsWith('.viewed')) {
        expect(answer.status).toBe('skipped');
        continue;
      }
      expect(answer.status).toBe(expectedIds.has(normalized.record.id) ? 'duplicate' : 'stored');
      expectedIds.add(normalized.record.id);
    }
    const rows = await rowsOf(sandbox);
    expect(valid).toBeGreaterThan(1000);
    expect(rows.length).toBe(expectedIds.size);
    expect(new Set(rows.map((row) => row.id))).toEqual(expectedIds);
    expect(({} as Json).polluted).toBeUndefined();
  });
});

/** Key order and delivery-only keys aside, the event's content: equal for a payload and its re-delivery. */
function contentOf(payload: Json): string {
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sorted((value as Json)[key])]),
    );
  };
  const { retryContext: _r, context: _c, contextToken: _t, ...event } = payload;
  return JSON.stringify(sorted(event));
}

/**
 * The payload without what names the occurrence (changelog id, comment and worklog edit times, content
 * version numbers), as a Jira or Confluence payload may come: then only its content tells it apart.
 */
/** Event types identified by a natural key the REST history shares, not by who made them. */
const NATURAL_KEYED: ReadonlySet<string> = new Set([
  'avi:jira:created:issue',
  'avi:jira:updated:issue',
  'avi:jira:commented:issue',
  'avi:jira:created:worklog',
  'avi:jira:updated:worklog',
  'avi:jira:created:attachment',
  ...['page', 'blogpost', 'comment', 'attachment'].flatMap((o) => [
    `avi:confluence:created:${o}`,
    `avi:confluence:updated:${o}`,
  ]),
]);

function withoutOccurrenceNames(payload: Json): Json {
  const copy = structuredClone(payload);
  const strip = (value: unknown, key: string | null) => {
    if (value === null || typeof value !== 'object') return;
    const o = value as Json;
    if (key === 'changelog') delete o.id;
    if (key === 'comment' || key === 'worklog') delete o.updated;
    if (key === 'version') delete o.number;
    // A creation's natural key is its object alone (src/record/natural-id.ts).
    if (['issue', 'comment', 'worklog', 'attachment', 'content'].includes(key ?? '')) delete o.id;
    for (const [k, v] of Object.entries(o)) strip(v, k);
  };
  strip(copy, null);
  return copy;
}

/** The same event but for one leaf value (a changed field, a title, a time, an id): a different event. */
function nearTwin(payload: Json, r: ReturnType<typeof prng>): Json {
  const copy = structuredClone(payload);
  const leaves: [Json, string][] = [];
  const walk = (value: unknown) => {
    if (value === null || typeof value !== 'object') return;
    for (const [key, item] of Object.entries(value as Json)) {
      if (item !== null && typeof item === 'object') walk(item);
      else if (item !== null && (value !== copy || key !== 'eventType')) leaves.push([value as Json, key]);
    }
  };
  walk(copy);
  const [parent, key] = r.pick(leaves);
  const value = parent[key];
  parent[key] =
    typeof value === 'number' ? value + 1 : typeof value === 'boolean' ? !value : `${String(value)}′`;
  return copy;
}

const withActor = (payload: Json, atlassianId: string | undefined): Json => {
  const { atlassianId: _dropped, ...rest } = payload;
  return atlassianId === undefined ? rest : { ...rest, atlassianId };
};

describe.each(testEngines)('near twins through the capture handler on $name', (engine) => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ auditDb: await engine.freshDatabase(), kvsFile: null });
  });
  afterAll(async () => {
    await sandbox.close();
    await engine.dropAll();
  });

  test('every event type: near twins and actor-less vs "\\u0000" actor are rows of their own, re-deliveries are not', async () => {
    const r = prng(20260311);
    const stored = new Set<string>();
    /** Delivers an event and then again as a retry: one id, stored (or skipped, for a view) once. */
    const deliverTwice = async (type: string, event: Json): Promise<string> => {
      const redelivery = {
        ...event,
        retryContext: { retryCount: 1, retryReason: 'FUNCTION_TIME_OUT' },
        context: { cloudId: 'site-2', moduleKey: 'jira-issue-events' },
        contextToken: 'token-2',
      };
      const answers = [];
      for (const delivery of [event, redelivery]) {
        answers.push((await capture(delivery)) as { status?: string; id?: string; action?: string });
      }
      const id = answers[0]!.id!;
      const view = answers[0]!.action?.endsWith('.viewed') === true;
      const first = view ? 'skipped' : stored.has(id) ? 'duplicate' : 'stored';
      expect({ type, answers: answers.map((a) => [a.id, a.status]) }).toEqual({
        type,
        answers: [
          [id, first],
          [id, view ? 'skipped' : 'duplicate'],
        ],
      });
      if (!view) stored.add(id);
      return id;
    };

    const idOfEvent = new Map<string, string>();
    for (const type of everyEvent) {
      // As built: where the payload names the occurrence, that name (and the actor) is the id.
      const sample = samplePayload(type) as Json;
      const asBuilt = await deliverTwice(type, sample);
      const nobody = await deliverTwice(type, withActor(sample, undefined));
      const nul = await deliverTwice(type, withActor(sample, '\u0000'));
      // A natural key (a changelog id, a version number…) names the change whoever the payload says made it.
      if (!NATURAL_KEYED.has(type)) {
        expect({ type, nul }).not.toEqual({ type, nul: nobody });
        expect({ type, nul }).not.toEqual({ type, nul: asBuilt });
      }

      // Without those names, any difference in content is another event.
      const bare = withoutOccurrenceNames(sample);
      const twins = [
        bare,
        withActor(bare, undefined),
        withActor(bare, '\u0000'),
        nearTwin(bare, r),
        nearTwin(bare, r),
        nearTwin(bare, r),
      ];
      for (const event of twins) {
        const id = await deliverTwice(type, event);
        const content = contentOf(event);
        const clash = [...idOfEvent].find(([other, otherId]) => otherId === id && other !== content);
        expect({ type, content, clash: clash?.[0] }).toEqual({ type, content, clash: undefined });
        idOfEvent.set(content, id);
      }
    }
    expect(idOfEvent.size).toBeGreaterThan(everyEvent.length * 5);
    const rows = await rowsOf(sandbox);
    expect(new Set(rows.map((row) => row.id))).toEqual(stored);
  });
});
