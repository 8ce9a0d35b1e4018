import { changedRows } from '../store/affected-rows';
import type { Store } from '../store/database';
import { ignoreDuplicates } from '../store/ignore-duplicates';
import type { RuleState } from './evaluate';
import { safeJson } from './rule-store';

const NAME = 'detect';

export interface StoredDetectionState {
  readonly version: number;
  readonly rules: Record<string, RuleState>;
}

/** The evaluation's progress; made empty on first use. */
export async function readDetectionState(target: Store): Promise<StoredDetectionState> {
  const row = await target.db
    .selectFrom('detection_state')
    .select(['version', 'state'])
    .where('name', '=', NAME)
    .executeTakeFirst();
  if (!row) {
    await ignoreDuplicates(
      target.engine,
      target.db
        .insertInto('detection_state')
        .values({ name: NAME, version: 0, state: '{}', updated_ms: Date.now() }),
      'name',
    ).execute();
    return { version: 0, rules: {} };
  }
  const rules = safeJson(row.state);
  if (rules === null || typeof rules !== 'object' || Array.isArray(rules)) {
    console.error('detect: the stored evaluation state is not a JSON object; rules restart from the head');
    return { version: Number(row.version), rules: {} };
  }
  return { version: Number(row.version), rules: rules as Record<string, RuleState> };
}

/**
 * Replaces the state if it is still at `version`: false when another run moved it first (a duplicate
 * run), and then this run's batch is not this run's to commit. The version only moves forward, so the
 * count of changed rows is an answer on every engine.
 */
export async function commitDetectionState(
  target: Store,
  version: number,
  rules: Record<string, RuleState>,
  nowMs: number,
): Promise<boolean> {
  const result = await target.db
    .updateTable('detection_state')
    .set({ version: version + 1, state: JSON.stringify(rules), updated_ms: nowMs })
    .where('name', '=', NAME)
    .where('version', '=', version)
    .executeTakeFirst();
  return changedRows(result) === 1;
}
