import Select, { AsyncSelect, components, type MenuProps } from '@atlaskit/select';
import { useCallback, useMemo, useState } from 'react';
import {
  ACTION_PRESETS,
  actionLabel,
  actionObject,
  objectName,
  presetActions,
  type ContainerFacetValue,
  type FacetValue,
} from '@contract';
import { searchGroups } from '../api';
import { useHost } from '../host-context';
import { formatTime } from '../time/zoned-time';
import { selected, useFormatOption, valuesOf, type MultiPickerProps, type PickOption } from './pick-option';

interface GroupedOptions {
  readonly label: string;
  readonly options: readonly PickOption[];
}

/** Site groups by name, searched on the server (`groups.search`); the log shows their members. */
export function GroupPicker({ id, values, onChange, placeholder }: Omit<MultiPickerProps, 'facets'>) {
  const [failed, setFailed] = useState<string | undefined>(undefined);
  const loadOptions = useCallback(async (input: string): Promise<PickOption[]> => {
    const result = await searchGroups(input.trim());
    if (!result.ok) {
      setFailed(result.error.message);
      return [];
    }
    setFailed(undefined);
    return result.value.map((g) => ({ value: g.name, label: g.name }));
  }, []);
  return (
    <AsyncSelect<PickOption, true>
      inputId={id}
      isMulti
      cacheOptions
      defaultOptions
      loadOptions={loadOptions}
      value={values.map((v) => ({ value: v, label: v }))}
      onChange={(chosen: readonly PickOption[] | null) => onChange(valuesOf(chosen))}
      placeholder={placeholder}
      noOptionsMessage={({ inputValue }: { inputValue: string }) =>
        failed ? `Groups could not be searched: ${failed}` : `No group matches “${inputValue}”`
      }
    />
  );
}

const PRESET = 'preset:';

/** "Any issue action" for `issue.*`, else the action's words. */
export function actionValueLabel(value: string): string {
  return value.endsWith('.*')
    ? `Any ${objectName(value.slice(0, -2)).toLowerCase()} action`
    : actionLabel(value);
}

/**
 * Every action the app records (the facets list the whole catalogue, with the range's counts, 0 where it
 * has none), grouped by object, each group with "Any <object> action" (`issue.*`) first; before them,
 * the investigations that choose several actions at once ("Deletions").
 */
export function ActionPicker({
  id,
  values,
  onChange,
  placeholder,
  facets,
  partial,
}: MultiPickerProps & {
  /** Set when the counts cover only part of the range: the part they cover. */
  readonly partial?: { readonly from: string; readonly to: string } | undefined;
}) {
  const format = useFormatOption();
  const { timeZone, locale } = useHost();
  const note = partial
    ? `Counts cover only ${formatTime(partial.from, timeZone, locale)} to ` +
      `${formatTime(partial.to, timeZone, locale)}, the newest part of the range: an action counted 0 ` +
      'may still have older records. Choosing it searches the whole range.'
    : undefined;
  const menu = useMemo(() => (note ? { Menu: menuWithNote(note) } : undefined), [note]);
  const known = useMemo(() => (facets ?? []).map((f) => f.value), [facets]);
  const groups = useMemo(() => {
    const presets = ACTION_PRESETS.map((preset) => ({ preset, actions: presetActions(preset, known) }))
      .filter(({ actions }) => actions.length > 0)
      .map(({ preset }) => ({ value: `${PRESET}${preset.id}`, label: preset.label }));
    const investigations = presets.length > 0 ? [{ label: 'Investigations', options: presets }] : [];
    return [...investigations, ...groupActions(facets ?? [])];
  }, [facets, known]);
  const flat = useMemo(() => groups.flatMap((g) => g.options), [groups]);
  const choose = (chosen: readonly PickOption[] | null) => {
    const next = valuesOf(chosen).flatMap((value) => {
      if (!value.startsWith(PRESET)) return [value];
      const preset = ACTION_PRESETS.find((p) => `${PRESET}${p.id}` === value);
      return preset ? presetActions(preset, known) : [];
    });
    onChange([...new Set(next)]);
  };
  return (
    <Select<PickOption, true>
      inputId={id}
      isMulti
      options={groups}
      isLoading={!facets}
      value={selected(values, flat, actionValueLabel)}
      onChange={choose}
      formatOptionLabel={format}
      placeholder={placeholder}
      {...(menu ? { components: menu } : {})}
      noOptionsMessage={({ inputValue }: { inputValue: string }) => `No action matches “${inputValue}”`}
    />
  );
}

/**
 * The menu with a note above its options (outside the listbox, which may hold only options): a new
 * component per note, so the menu keeps its scroll position while the note stays the same.
 */
function menuWithNote(note: string) {
  return function MenuWithNote(props: MenuProps<PickOption, true>) {
    return (
      <components.Menu {...props}>
        <p className="picker-note" role="note">
          {note}
        </p>
        {props.children}
      </components.Menu>
    );
  };
}

export function groupActions(facets: readonly FacetValue[]): GroupedOptions[] {
  const byObject = new Map<string, FacetValue[]>();
  for (const facet of facets) {
    const object = actionObject(facet.value);
    byObject.set(object, [...(byObject.get(object) ?? []), facet]);
  }
  return [...byObject.entries()]
    .map(([object, actions]) => ({ object, name: objectName(object), actions }))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(({ object, name, actions }) => ({
      label: name,
      options: [
        ...(actions.length > 1
          ? [
              {
                value: `${object}.*`,
                label: actionValueLabel(`${object}.*`),
                count: actions.reduce((sum, a) => sum + a.count, 0),
              },
            ]
          : []),
        ...actions
          .map((a) => ({ value: a.value, label: actionLabel(a.value), count: a.count }))
          .sort((a, b) => a.label.localeCompare(b.label)),
      ],
    }));
}

/** Projects and spaces with activity in the range, by name and key. */
export function ContainerPicker({
  id,
  values,
  onChange,
  placeholder,
  facets,
}: Omit<MultiPickerProps, 'facets'> & { readonly facets: readonly ContainerFacetValue[] | undefined }) {
  const format = useFormatOption();
  const options = useMemo(
    () =>
      (facets ?? [])
        .map((c) => ({
          value: c.value,
          label: c.name && c.key ? `${c.name} (${c.key})` : (c.name ?? c.key ?? c.value),
          count: c.count,
        }))
        .sort((a, b) => a.label.localeCompare(b.label)),
    [facets],
  );
  return (
    <Select<PickOption, true>
      inputId={id}
      isMulti
      options={options}
      isLoading={!facets}
      value={selected(values, options, (v) => v)}
      onChange={(chosen: readonly PickOption[] | null) => onChange(valuesOf(chosen))}
      formatOptionLabel={format}
      placeholder={placeholder}
      noOptionsMessage={() => 'No project or space has activity in this range'}
    />
  );
}
