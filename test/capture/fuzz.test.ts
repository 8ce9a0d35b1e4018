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
