import Button from '@atlaskit/button/new';
import { Checkbox } from '@atlaskit/checkbox';
import Heading from '@atlaskit/heading';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import Toggle from '@atlaskit/toggle';
import { useState } from 'react';
import type { GroupBy, Product, Rule, RuleBody, RuleFilter, Snooze, WorkingHours } from '@contract';
import { deleteRule, saveRule, type ApiError } from '../api';
import { Field } from '../destinations/FormField';
import { fieldMessage } from '../field-message';
import { PRODUCT_NAMES } from '../product-names';
import { Backtest } from './Backtest';
import { ListField, NumberField } from './rule-fields';
import { GROUP_OPTIONS } from './rule-text';
import { SnoozeList } from './SnoozeList';

/** A new custom rule as the editor first shows it. */
export const NEW_CUSTOM: RuleBody = {
  kind: 'custom',
  name: 'My rule',
  enabled: true,
  filter: { actions: ['issue.deleted'] },
  threshold: { count: 10, windowMinutes: 10, per: 'actor' },
  cooldownMinutes: 30,
  dailyCap: 20,
  snoozes: [],
};

const LABELS: Readonly<Record<string, string>> = {
  name: 'Name',
  threshold: 'Threshold',
  'threshold.count': 'At least',
  'threshold.windowMinutes': 'Within (minutes)',
  cooldownMinutes: 'Cooldown (minutes)',
  dailyCap: 'Alerts per day at most',
  workingHours: 'Working hours',
  'workingHours.timeZone': 'Time zone',
  watch: 'Watch list',
  filter: 'Matching records',
  snoozes: 'Snoozes',
};

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const ZONES = Intl.supportedValuesOf('timeZone').map((z) => ({ value: z, label: z }));

/**
 * Edits one rule (a built-in's thresholds and settings, or a custom rule's filter too), with a live
 * backtest of the draft; saving goes through `rules.save`, which records the change in the log.
 */
export function RuleEditor({
  rule,
  onDone,
}: {
  /** The rule as saved, or a new custom rule's starting draft (no id yet). */
  readonly rule: Rule | RuleBody;
  readonly onDone: (saved: boolean) => void;
}) {
  const id = 'id' in rule ? rule.id : undefined;
  const [draft, setDraft] = useState<RuleBody>(() => withoutId(rule));
  const [failure, setFailure] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<RuleBody>) => setDraft((d) => ({ ...d, ...change }) as RuleBody);
  const setThreshold = (change: Partial<RuleBody['threshold']>) =>
    setDraft((d) => ({ ...d, threshold: { ...d.threshold, ...change } }));
  const prefix = `rule-${id ?? 'new'}`;

  const save = async () => {
    setBusy(true);
    const result = await saveRule({ ...(id ? { id } : {}), ...draft });
    setBusy(false);
    if (result.ok) onDone(true);
    else setFailure(result.error);
  };
  const remove = async () => {
    if (!id) return;
    setBusy(true);
    const result = await deleteRule(id);
    setBusy(false);
    if (result.ok) onDone(true);
    else setFailure(result.error);
  };

  return (
    <form
      className="rule-editor"
      aria-labelledby={`${prefix}-heading`}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <Heading size="small" as="h3" id={`${prefix}-heading`}>
        {id ? `Edit rule: ${rule.name}` : 'New custom rule'}
      </Heading>
      <div className="rule-fields">
        <Field id={`${prefix}-name`} label="Name">
          <Textfield
            id={`${prefix}-name`}
            value={draft.name}
            onChange={(event) => set({ name: event.currentTarget.value })}
          />
        </Field>
        <div className="setting">
          <label className="label" htmlFor={`${prefix}-enabled`}>
            Rule on
          </label>
          <Toggle
            id={`${prefix}-enabled`}
            isChecked={draft.enabled}
            onChange={(event) => set({ enabled: event.currentTarget.checked })}
          />
        </div>
      </div>
      {draft.kind === 'custom' && (
        <FilterFields prefix={prefix} filter={draft.filter} onChange={(filter) => set({ filter })} />
      )}
      {draft.kind === 'off-hours-admin' && (
        <HoursFields
          prefix={prefix}
          hours={draft.workingHours}
          onChange={(workingHours) => set({ workingHours })}
        />
      )}
      {draft.kind === 'watch-list' && (
        <fieldset>
          <legend>Watch list</legend>
          <ListField
            id={`${prefix}-watch-containers`}
            label="Projects or spaces watched (keys or ids)"
            values={draft.watch.containers}
            onChange={(containers) => set({ watch: { ...draft.watch, containers } })}
          />
          <ListField
            id={`${prefix}-watch-groups`}
            label="Groups allowed to act there"
            values={draft.watch.groups}
            onChange={(groups) => set({ watch: { ...draft.watch, groups } })}
            help="Anyone outside these groups acting in a watched project or space raises an alert."
          />
        </fieldset>
      )}
      <fieldset>
        <legend>Threshold</legend>
        <div className="rule-fields">
          <NumberField
            id={`${prefix}-count`}
            label="At least"
            value={draft.threshold.count}
            onChange={(count) => setThreshold({ count })}
          />
          <NumberField
            id={`${prefix}-window`}
            label="Within (minutes)"
            value={draft.threshold.windowMinutes}
            onChange={(windowMinutes) => setThreshold({ windowMinutes })}
          />
          <Field id={`${prefix}-per`} label="Counted">
            <Select<{ value: GroupBy; label: string }>
              inputId={`${prefix}-per`}
              options={GROUP_OPTIONS}
              value={GROUP_OPTIONS.find((o) => o.value === draft.threshold.per)}
              onChange={(chosen) => chosen && setThreshold({ per: chosen.value })}
            />
          </Field>
          <NumberField
            id={`${prefix}-cooldown`}
            label="Cooldown (minutes)"
            value={draft.cooldownMinutes}
            onChange={(cooldownMinutes) => set({ cooldownMinutes })}
            help="More matches this soon after an alert join it."
          />
          <NumberField
            id={`${prefix}-cap`}
            label="Alerts per day at most"
            value={draft.dailyCap}
            onChange={(dailyCap) => set({ dailyCap })}
          />
        </div>
      </fieldset>
      <SnoozeList
        prefix={prefix}
        snoozes={draft.snoozes}
        onChange={(snoozes: Snooze[]) => set({ snoozes })}
      />
      <Backtest draft={draft} />
      {failure && (
        <p className="field-error" role="alert">
          {fieldMessage(failure, LABELS)}
        </p>
      )}
      <div className="rule-row-actions">
        <Button type="submit" appearance="primary" isDisabled={busy}>
          Save rule
        </Button>
        <Button onClick={() => onDone(false)}>Cancel</Button>
        {id && draft.kind === 'custom' && (
          <Button appearance="danger" isDisabled={busy} onClick={() => void remove()}>
            Delete rule
          </Button>
        )}
      </div>
    </form>
  );
}

function withoutId(rule: Rule | RuleBody): RuleBody {
  if (!('id' in rule)) return rule;
  const { id: _id, ...body } = rule;
  return body as RuleBody;
}

/** A custom rule's filter: the activity log's filter, less what needs a search or the products' REST. */
function FilterFields({
  prefix,
  filter,
  onChange,
}: {
  readonly prefix: string;
  readonly filter: RuleFilter;
  readonly onChange: (filter: RuleFilter) => void;
}) {
  const list = (name: keyof RuleFilter, values: readonly string[]) => {
    const { [name]: _old, ...rest } = filter;
    onChange(values.length ? { ...rest, [name]: values } : rest);
  };
  const products = filter.products ?? [];
  return (
    <fieldset>
      <legend>Matching records</legend>
      <div className="rule-fields">
        {(Object.keys(PRODUCT_NAMES) as Product[]).map((p) => (
          <Checkbox
            key={p}
            label={PRODUCT_NAMES[p]}
            isChecked={products.includes(p)}
            onChange={(event) =>
              list(
                'products',
                event.currentTarget.checked ? [...products, p] : products.filter((x) => x !== p),
              )
            }
          />
        ))}
      </div>
      <ListField
        id={`${prefix}-actions`}
        label="Actions"
        values={filter.actions ?? []}
        onChange={(v) => list('actions', v)}
        help="As the log names them: issue.deleted, page.*, …"
      />
      <ListField
        id={`${prefix}-actors`}
        label="People (account ids)"
        values={filter.actors ?? []}
        onChange={(v) => list('actors', v)}
      />
      <ListField
        id={`${prefix}-containers`}
        label="Projects or spaces (keys or ids)"
        values={filter.containers ?? []}
        onChange={(v) => list('containers', v)}
      />
      <ListField
        id={`${prefix}-objects`}
        label="Issues or pages (keys or ids)"
        values={filter.objects ?? []}
        onChange={(v) => list('objects', v)}
      />
    </fieldset>
  );
}

/** The off-hours rule's working week: hours, days and the zone they are in. */
function HoursFields({
  prefix,
  hours,
  onChange,
}: {
  readonly prefix: string;
  readonly hours: WorkingHours;
  readonly onChange: (hours: WorkingHours) => void;
}) {
  return (
    <fieldset>
      <legend>Working hours</legend>
      <div className="rule-fields">
        <Field id={`${prefix}-start`} label="From (HH:MM)">
          <Textfield
            id={`${prefix}-start`}
            value={hours.start}
            onChange={(event) => onChange({ ...hours, start: event.currentTarget.value })}
          />
        </Field>
        <Field id={`${prefix}-end`} label="To (HH:MM)">
          <Textfield
            id={`${prefix}-end`}
            value={hours.end}
            onChange={(event) => onChange({ ...hours, end: event.currentTarget.value })}
          />
        </Field>
        <Field id={`${prefix}-zone`} label="Time zone">
          <Select<{ value: string; label: string }>
            inputId={`${prefix}-zone`}
            options={ZONES}
            value={{ value: hours.timeZone, label: hours.timeZone }}
            onChange={(chosen) => chosen && onChange({ ...hours, timeZone: chosen.value })}
          />
        </Field>
      </div>
      <div className="rule-fields" role="group" aria-label="Working days">
        {WEEKDAYS.map((day, index) => (
          <Checkbox
            key={day}
            label={day}
            isChecked={hours.days.includes(index + 1)}
            onChange={(event) =>
              onChange({
                ...hours,
                days: event.currentTarget.checked
                  ? [...hours.days, index + 1].sort()
                  : hours.days.filter((d) => d !== index + 1),
              })
            }
          />
        ))}
      </div>
    </fieldset>
  );
}
