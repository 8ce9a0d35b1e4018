/**
 * Loads the attributed fixtures in test/fixtures/: public sample payloads nobody on this project wrote,
 * each listed with its source and licence in test/fixtures/README.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AuditRecord } from '../src/record/audit-record';
import { fieldLengths } from '../src/limits';
import { normalizeEvent } from '../src/capture/normalize';

export const FIXTURES_DIR = path.resolve(__dirname, 'fixtures');

export function fixturePath(relative: string): string {
  return path.join(FIXTURES_DIR, relative);
}

export function readFixture(relative: string): string {
  return readFileSync(fixturePath(relative), 'utf8');
}

/** A parsed JSON fixture; `unknown`, so tests read it the way the app must: without trusting its shape. */
export function loadJsonFixture(relative: string): unknown {
  return JSON.parse(readFixture(relative)) as unknown;
}

/** Files under a fixture folder (recursively) whose names end with `extension`, as sorted relative paths. */
export function listFixtures(relativeDir: string, extension = '.json'): readonly string[] {
  const root = fixturePath(relativeDir);
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith(extension))
    .map((name) => path.join(relativeDir, name))
    .sort();
}

// Assertions shared by the normalizer tests (test/capture/normalize*.test.ts).

export const RECEIVED_AT = new Date('2026-05-04T03:02:01.000Z');

/** Normalizes and fails the test (with the reason) unless a record came out. */
export function recordOf(payload: unknown, receivedAt: Date = RECEIVED_AT): AuditRecord {
  const result = normalizeEvent(payload, receivedAt);
  if (!result.ok) throw new Error(`expected a record, got: ${result.reason}`);
  return result.record;
}

const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Every limit the record promises: lengths from `fieldLengths`, ISO times, well-formed UTF-16. */
export function expectWithinLimits(record: AuditRecord): void {
  const check = (value: string | null | undefined, max: number, what: string): void => {
    if (value === null || value === undefined) return;
    if (value.length > max) throw new Error(`${what} is ${value.length} long, over ${max}`);
    if (LONE_SURROGATE.test(value)) throw new Error(`${what} has a lone surrogate`);
  };
  expect(record.id).toMatch(/^[0-9a-f]{32}$/);
  expect(record.time).toMatch(ISO_UTC_MS);
  expect(record.receivedAt).toMatch(ISO_UTC_MS);
  check(record.action, fieldLengths.action, 'action');
  check(record.actor.accountId, fieldLengths.accountId, 'actor.accountId');
  check(record.source.event, fieldLengths.sourceEvent, 'source.event');
  if (record.container) {
    check(record.container.id, fieldLengths.refId, 'container.id');
    check(record.container.key, fieldLengths.refKey, 'container.key');
    check(record.container.name, fieldLengths.containerName, 'container.name');
  }
  for (const ref of [record.object, record.object?.parent]) {
    if (!ref) continue;
    check(ref.type, fieldLengths.refType, 'ref.type');
    check(ref.id, fieldLengths.refId, 'ref.id');
    check(ref.key, fieldLengths.refKey, 'ref.key');
    check(ref.title, fieldLengths.title, 'ref.title');
  }
  expect(record.changes.length).toBeLessThanOrEqual(fieldLengths.changesPerRecord);
  for (const change of record.changes) {
    check(change.field, fieldLengths.changeField, 'change.field');
    check(change.from, fieldLengths.changeValue, 'change.from');
    check(change.to, fieldLengths.changeValue, 'change.to');
  }
}
