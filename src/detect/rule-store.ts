import type { Store } from '../store/database';
import { upsert, insertedValue } from '../store/upsert';
import { BUILT_IN_DEFAULTS, BUILT_IN_KINDS, ruleSchema, type Rule } from './rule';

/** Every rule: the built-ins (as saved, or as shipped) first, then the custom rules by id. */
export async function listRules(target: Store): Promise<Rule[]> {
  const rows = await target.db.selectFrom('detection_rule').select(['id', 'body']).orderBy('id').execute();
  const saved = new Map<string, Rule>();
  for (const row of rows) {
    const parsed = ruleSchema.safeParse(safeJson(row.body));
    if (parsed.success) saved.set(row.id, { ...parsed.data, id: row.id });
    else console.error(`detect: rule ${row.id} is stored in a shape this version cannot read; it is skipped`);
  }
  const builtIns = BUILT_IN_KINDS.map((kind) => saved.get(kind) ?? BUILT_IN_DEFAULTS[kind]);
  const custom = [...saved.values()].filter((r) => r.kind === 'custom');
  return [...builtIns, ...custom];
}

export async function saveRule(target: Store, rule: Rule, by: string, nowMs: number): Promise<void> {
  const { id, ...body } = rule;
  const row = { id, body: JSON.stringify(body), updated_ms: nowMs, updated_by: by };
  await upsert(target.engine, target.db.insertInto('detection_rule').values(row), ['id'], {
    body: insertedValue(target.engine, 'body'),
    updated_ms: insertedValue(target.engine, 'updated_ms'),
    updated_by: insertedValue(target.engine, 'updated_by'),
  }).execute();
}

export async function deleteRule(target: Store, id: string): Promise<boolean> {
  const result = await target.db.deleteFrom('detection_rule').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
