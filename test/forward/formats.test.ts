import { formatRecord, type OutgoingRecord } from '../../src/forward/formats';
import { actionMeaning, summarize } from '../../src/forward/formats/action-meaning';
import { ECS_VERSION, ecsCategorization } from '../../src/forward/formats/ecs';
import { OCSF_VERSION } from '../../src/forward/formats/ocsf';
import { listFixtures, loadJsonFixture, readFixture } from '../fixtures';
import { classRequirements, validateOcsf } from '../support/ocsf-schema';
import { recordWithAction, sampleRecords } from './sample-records';

const records = sampleRecords();
const context = { cloudId: '11111111-2222-4333-8444-555555555555', appVersion: '1.2.0' };

describe('OCSF, validated against the OCSF definitions in test/fixtures/ocsf-schema', () => {
  test('the validator resolves each class through extends and $include', () => {
    expect(classRequirements(6003).required).toEqual(
      [
        'activity_id',
        'actor',
        'api',
        'category_uid',
        'class_uid',
        'metadata',
        'severity_id',
        'src_endpoint',
        'time',
        'type_uid',
      ].sort(),
    );
    expect(classRequirements(6001).required).toEqual(
      [
        'activity_id',
        'category_uid',
        'class_uid',
        'metadata',
        'severity_id',
        'time',
        'type_uid',
        'web_resources',
      ].sort(),
    );
    expect(classRequirements(3001).required).toContain('user');
    expect(classRequirements(3004).required).toContain('entity');
    // Profile attributes (cloud's `cloud`, osint's `osint`) apply only when declared.
    expect(classRequirements(6003).required).not.toContain('cloud');
  });

  test('the validator is not vacuous: it catches what a careless mapper gets wrong', () => {
    const good = formatRecord('ocsf', recordWithAction(records, 'issue.updated'), context) as Record<
      string,
      unknown
    >;
    expect(validateOcsf(good)).toEqual([]);
    const broken = [
      { ...good, api: { service: { name: 'Jira' } } },
      { ...good, type_uid: 600301 },
      { ...good, actor: {} },
      { ...good, time: '2026-01-01T00:00:00Z' },
      { ...good, metadata: { version: OCSF_VERSION } },
      { ...good, activity_name: 'Delete' },
      { ...good, colour: 'blue' },
      { ...good, src_endpoint: { port: 443 } },
    ];
    const found = broken.map((event) => validateOcsf(event));
    expect(found.map((problems) => problems.length > 0)).toEqual(broken.map(() => true));
    expect(found[0]).toContain('api.operation is required');
    expect(found[2]!.join()).toContain('actor.');
    expect(found[6]).toContain('colour is not an attribute here');
  });

  test.each(records.map((r) => [r.action, r] as const))('%s is a valid OCSF event', (_action, record) => {
    const event = formatRecord('ocsf', record, context) as Record<string, unknown>;
    expect(validateOcsf(event)).toEqual([]);
    expect(event).toMatchObject({
      time: Date.parse(record.time),
      metadata: { uid: record.id, sequence: record.seq, version: OCSF_VERSION },
    });
  });

  test.each([
    ['issue.created', 6003, 1, 'Create'],
    ['issue.updated', 6003, 3, 'Update'],
    ['comment.deleted', 6003, 4, 'Delete'],
    ['page.trashed', 6003, 4, 'Delete'],
    ['page.liked', 6003, 99, 'Liked'],
    ['issue.viewed', 6001, 2, 'Read'],
    ['page.viewed', 6001, 2, 'Read'],
    ['search.performed', 6001, 5, 'Search'],
    ['user.created', 3001, 1, 'Create'],
    ['user.deleted', 3001, 6, 'Delete'],
    ['user.updated', 6003, 3, 'Update'],
    ['project.updated', 3004, 3, 'Update'],
    ['space.permissions_updated', 3004, 3, 'Update'],
    ['group.created', 3004, 1, 'Create'],
    ['version.released', 3004, 3, 'Update'],
  ])('%s is class %i, activity %i (%s)', (action, classUid, activityId, activityName) => {
    const event = formatRecord('ocsf', recordWithAction(records, action), context) as Record<string, unknown>;
    expect(event).toMatchObject({
      class_uid: classUid,
      activity_id: activityId,
      activity_name: activityName,
    });
    expect(event.type_uid).toBe(classUid * 100 + activityId);
  });

  test('an export or a view without an object still names a web resource; a group is a Group entity', () => {
    const search = formatRecord('ocsf', recordWithAction(records, 'search.performed'), context);
    expect(search.web_resources).toEqual([{ type: 'search', name: 'Confluence search' }]);
    const group = formatRecord('ocsf', recordWithAction(records, 'group.created'), context);
    expect(group.entity).toMatchObject({ type_id: 3, type: 'Group' });
    const exported = { ...recordWithAction(records, 'page.viewed'), action: 'page.exported' };
    expect(formatRecord('ocsf', exported, context)).toMatchObject({
      class_uid: 6001,
      activity_id: 7,
      activity_name: 'Export',
    });
  });
});

/** Leaf paths of a JSON document with the JSON type found there (arrays: `array<element type>`). */
function leafTypes(
  value: unknown,
  path = '',
  out = new Map<string, Set<string>>(),
): Map<string, Set<string>> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) leafTypes(child, path ? `${path}.${key}` : key, out);
    return out;
  }
  const type = Array.isArray(value)
    ? `array<${[...new Set(value.map((v) => (v === null ? 'null' : typeof v)))].sort().join('|')}>`
    : value === null
      ? 'null'
      : typeof value;
  if (!out.has(path)) out.set(path, new Set());
  out.get(path)!.add(type);
  return out;
}

describe("ECS, checked against Elastic's expected outputs for Atlassian's audit events", () => {
  const expected = new Map<string, Set<string>>();
  for (const file of listFixtures('org-audit', '.expected.json')) {
    for (const doc of (loadJsonFixture(file) as { expected: unknown[] }).expected)
      leafTypes(doc, '', expected);
  }
  // ECS fields for audit events (from elastic/ecs generated/ecs/ecs_flat.yml, 9.5.0-dev), with their types.
  const ecsFields: Record<string, string> = {
    'event.provider': 'string',
    'event.dataset': 'string',
    'event.module': 'string',
    'event.sequence': 'number',
    'event.hash': 'string',
    'event.code': 'string',
    'user.target.id': 'string',
    'cloud.account.id': 'string',
    'service.name': 'string',
    'service.version': 'string',
  };
  const allowedTypes: Record<string, readonly string[]> = {
    api: [
      'access',
      'admin',
      'allowed',
      'change',
      'creation',
      'deletion',
      'denied',
      'end',
      'info',
      'start',
      'user',
    ],
    iam: ['admin', 'change', 'creation', 'deletion', 'group', 'info', 'user'],
    configuration: ['access', 'change', 'creation', 'deletion', 'info'],
    web: ['access', 'error', 'info'],
  };

  test.each(records.map((r) => [r.action, r] as const))(
    '%s: field names and types as Elastic emits them',
    (_a, record) => {
      const doc = formatRecord('ecs', record, context);
      for (const [path, types] of leafTypes(doc)) {
        if (path.startsWith('audit_trail.')) continue; // our own namespace, as Elastic uses atlassian_cloud.*
        const known = expected.get(path) ?? (ecsFields[path] ? new Set([ecsFields[path]]) : undefined);
        expect([
          path,
          known
            ? [...types].every(
                (t) =>
                  known.has(t) || (t.startsWith('array<') && [...known].some((k) => k.startsWith('array<'))),
              )
            : 'unknown field',
        ]).toEqual([path, true]);
      }
      const event = doc.event as { category: string[]; type: string[]; kind: string; outcome: string };
      expect(event.kind).toBe('event');
      expect(event.outcome).toBe('success');
      for (const category of event.category) {
        for (const type of event.type)
          expect([category, type, allowedTypes[category]?.includes(type)]).toEqual([category, type, true]);
      }
      expect(doc['@timestamp']).toBe(record.time);
      expect(doc.ecs).toEqual({ version: ECS_VERSION });
    },
  );

  test('every ECS field Elastic fills for a user action that a Forge app can know is filled', () => {
    const doc = formatRecord('ecs', recordWithAction(records, 'issue.updated'), context);
    const ours = leafTypes(doc);
    for (const path of [
      '@timestamp',
      'ecs.version',
      'event.action',
      'event.category',
      'event.created',
      'event.id',
      'event.kind',
      'event.outcome',
      'event.type',
      'message',
      'observer.product',
      'observer.type',
      'observer.vendor',
      'related.user',
      'tags',
      'user.id',
    ]) {
      expect([path, ours.has(path)]).toEqual([path, true]);
    }
  });

  test.each([
    ['user.created', ['iam'], ['user', 'creation']],
    ['group.deleted', ['iam'], ['group', 'deletion']],
    ['project.archived', ['configuration'], ['change']],
    ['issue.viewed', ['web'], ['access']],
    ['comment.created', ['api'], ['creation']],
    ['issue.mentioned', ['api'], ['info']],
  ])('%s is categorised %j %j', (action, category, type) => {
    expect(ecsCategorization(actionMeaning({ action }))).toEqual({ category, type });
  });
});

describe("Atlassian's organization audit event shape", () => {
  const inputs = listFixtures('org-audit', '.input.ndjson').map(
    (file) => JSON.parse(readFixture(file).trim()) as Record<string, unknown>,
  );
  /** Paths outside context/container attributes (those are free-form per item type). */
  const shapeOf = (doc: unknown) =>
    new Map([...leafTypes(doc)].filter(([path]) => !/^attributes\.(context|container)\./.test(path)));
  const union = new Map<string, Set<string>>();
  for (const input of inputs)
    for (const [path, types] of shapeOf(input))
      union.set(path, new Set([...(union.get(path) ?? []), ...types]));
  // What a Forge app cannot know (the actor's display name and email, the client's location) is left out
  // rather than invented; every other field all of Atlassian's events have, ours have too.
  const unknowable = /^attributes\.(actor\.(name|email)|location\.)/;
  const everywhere = [...union.keys()].filter(
    (path) => !unknowable.test(path) && inputs.every((input) => shapeOf(input).has(path)),
  );

  test('the fields every org audit event has', () => {
    expect(everywhere.sort()).toEqual(
      [
        'attributes.action',
        'attributes.actor.id',
        'attributes.processedAt',
        'attributes.time',
        'id',
        'message.content',
        'message.format',
        'type',
      ].sort(),
    );
  });

  test.each(records.map((r) => [r.action, r] as const))(
    '%s has the shape of an org audit event',
    (_a, record) => {
      const event = formatRecord('atlassian', record, context);
      const shape = shapeOf(event);
      for (const path of everywhere) expect([path, shape.has(path)]).toEqual([path, true]);
      for (const [path, types] of shape) {
        const known = union.get(path);
        expect([path, known !== undefined && [...types].every((t) => known.has(t))]).toEqual([path, true]);
      }
      const items = [...((event.attributes as { context: unknown[] }).context as Record<string, unknown>[])];
      for (const item of items) {
        expect(typeof item.id).toBe('string');
        expect(typeof item.type).toBe('string');
        expect(typeof item.attributes).toBe('object');
      }
    },
  );

  test("what Elastic's atlassian_cloud pipeline reads from it lands where the pipeline puts it", () => {
    const record = recordWithAction(records, 'issue.updated');
    const event = formatRecord('atlassian', record, context) as {
      id: string;
      attributes: {
        time: string;
        processedAt: string;
        action: string;
        actor: { id?: string };
        container: { type: string }[];
      };
      message: { content: string; format: string };
    };
    // The pipeline: json.id → event.id, attributes.action → event.action, time → @timestamp,
    // processedAt → event.created, message.content → message; jira_* actions → configuration/info.
    expect(event.id).toBe(record.id);
    expect(event.attributes.action).toBe('jira_issue_updated');
    expect(event.attributes.action.startsWith('jira_')).toBe(true);
    expect(Date.parse(event.attributes.time)).toBe(Date.parse(record.time));
    expect(Date.parse(event.attributes.processedAt)).toBe(Date.parse(record.receivedAt));
    expect(event.message).toEqual({ content: summarize(record), format: 'simple' });
    expect(event.attributes.actor).toEqual({ id: record.actor.accountId });
    expect(event.attributes.container).toEqual([{ id: context.cloudId, type: 'sites', attributes: {} }]);
  });

  test('changed values travel with the object, as the product audit APIs name them', () => {
    const record = records.find((r) => r.changes.length > 0 && r.object)!;
    const event = formatRecord('atlassian', record, context) as {
      attributes: { context: { id: string; attributes: { changedValues?: unknown } }[] };
    };
    expect(event.attributes.context[0]!.id).toBe(record.object!.id);
    expect(event.attributes.context[0]!.attributes.changedValues).toEqual(
      record.changes.map((c) => ({ fieldName: c.field, changedFrom: c.from, changedTo: c.to })),
    );
  });
});

describe('native', () => {
  test('is the record as AuditRecord defines it, with its place in the chain', () => {
    const record = recordWithAction(records, 'issue.updated');
    expect(formatRecord('native', record, context)).toEqual({ ...record });
    const unsealed: OutgoingRecord = { ...record, seq: undefined, hash: undefined, prevHash: undefined };
    expect(Object.keys(formatRecord('native', unsealed))).not.toContain('seq');
  });

  test('the one-line summary reads as a sentence, from what the record holds only', () => {
    expect(summarize(recordWithAction(records, 'issue.updated'))).toMatch(
      /^issue \S+ .*updated by user \S+ in project \S+ \(Jira\)$/,
    );
    expect(summarize(recordWithAction(records, 'search.performed'))).toMatch(
      /^search performed by user \S+ \(Confluence\)$/,
    );
    const unknown = records.find((r) => r.action.startsWith('unknown.'))!;
    expect(summarize(unknown)).toBe(
      `event avi:jira:frobbed:issue recorded by user ${unknown.actor.accountId} (Jira)`,
    );
    const anonymous = records.find((r) => r.actor.type === 'anonymous')!;
    expect(summarize(anonymous)).toContain('by an anonymous user');
  });
});
