import Select, { AsyncSelect, type FormatOptionLabelMeta } from '@atlaskit/select';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ContainerFacetValue, FacetValue } from '@contract';
import { searchGroups, searchPeople } from '../api';
import { useHost } from '../host-context';
import { peopleSettled, personOf, rememberPeople } from './people';
import { actionObject } from './record-display';

/** One option of a picker; `count` is how many records in the range have it (absent when unknown). */
export interface PickOption {
  readonly value: string;
  readonly label: string;
  readonly count?: number;
}

interface GroupedOptions {
  readonly label: string;
  readonly options: readonly PickOption[];
}

interface MultiPickerProps {
  readonly id: string;
  readonly values: readonly string[];
  readonly onChange: (values: string[]) => void;
  readonly placeholder: string;
  /** Undefined while the options load. */
  readonly facets: readonly FacetValue[] | undefined;
}

/** "Alana Grant  1,204": the count, subtle, in the menu only (not in the chosen chips). */
function useFormatOption() {
  const { locale } = useHost();
  return useCallback(
    (option: PickOption, meta: FormatOptionLabelMeta<PickOption>) =>
      meta.context === 'menu' && option.count !== undefined ? (
        <span className="option">
          <span>{option.label}</span>
          <span className="option-count">{option.count.toLocaleString(locale)}</span>
        </span>
      ) : (
        option.label
      ),
    [locale],
  );
}

function selected(values: readonly string[], known: readonly PickOption[], label: (v: string) => string) {
  const byValue = new Map(known.map((o) => [o.value, o]));
  return values.map((v) => byValue.get(v) ?? { value: v, label: label(v) });
}

const valuesOf = (options: readonly PickOption[] | null | undefined) => (options ?? []).map((o) => o.value);

/**
 * People, by name. Before anything is typed it offers the range's busiest actors (`activity.facets`,
 * named through `people.lookup`, with their record counts); typing also searches the site's people
 * (`people.search`), so anyone can be chosen, not only the busiest.
 */
export function UserPicker({ id, values, onChange, placeholder, facets }: MultiPickerProps) {
  const format = useFormatOption();
  // Bumped when the names of the options or of the chosen people arrive (not on every name the log
  // looks up: the picker re-renders only for its own).
  const [named, setNamed] = useState(0);
  useEffect(() => {
    if (!facets) return;
    let current = true;
    void peopleSettled(facets.map((f) => f.value)).then(() => current && setNamed((n) => n + 1));
    return () => {
      current = false;
    };
  }, [facets]);
  const chosen = values.join(',');
  useEffect(() => {
    if (!chosen) return;
    let current = true;
    void peopleSettled(chosen.split(',')).then(() => current && setNamed((n) => n + 1));
    return () => {
      current = false;
    };
  }, [chosen]);

  const nameOf = (accountId: string) => personOf(accountId)?.displayName ?? accountId;
  const options = useMemo(
    () =>
      (facets ?? [])
        .map((f) => ({ value: f.value, label: nameOf(f.value), count: f.count }))
        .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
    // `named` changes as names arrive: the labels are read from the people cache.
    [facets, named],
  );
  const loadOptions = useCallback(
    async (input: string): Promise<PickOption[]> => {
      const needle = input.trim().toLowerCase();
      if (!needle) return options;
      const busy = options.filter(
        (o) => o.label.toLowerCase().includes(needle) || o.value.toLowerCase() === needle,
      );
      const result = await searchPeople(input.trim());
      if (!result.ok) return busy;
      rememberPeople(result.value);
      const listed = new Set(busy.map((o) => o.value));
      return [
        ...busy,
        ...result.value
          .filter((p) => !listed.has(p.accountId))
          .map((p) => ({ value: p.accountId, label: p.displayName })),
      ];
    },
    [options],
  );
  return (
    <AsyncSelect<PickOption, true>
      inputId={id}
      isMulti
      // Remounting on new options makes the async menu show them (it caches its first answer).
      key={`${named > 0}-${options.length}`}
      defaultOptions={options}
      loadOptions={loadOptions}
      isLoading={!facets || named === 0}
      value={selected(values, options, nameOf)}
      onChange={(chosen: readonly PickOption[] | null) => onChange(valuesOf(chosen))}
      formatOptionLabel={format}
      placeholder={placeholder}
      noOptionsMessage={({ inputValue }: { inputValue: string }) =>
        inputValue ? `No one on this site matches “${inputValue}”` : 'Nobody acted in this range'
      }
    />
  );
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

/** Actions in the range, grouped by object, each group with "any <object> action" (`issue.*`) first. */
export function ActionPicker({ id, values, onChange, placeholder, facets }: MultiPickerProps) {
  const format = useFormatOption();
  const groups = useMemo(() => groupActions(facets ?? []), [facets]);
  const flat = useMemo(() => groups.flatMap((g) => g.options), [groups]);
  return (
    <Select<PickOption, true>
      inputId={id}
      isMulti
      options={groups}
      isLoading={!facets}
      value={selected(values, flat, (v) => (v.endsWith('.*') ? `any ${v.slice(0, -2)} action` : v))}
      onChange={(chosen: readonly PickOption[] | null) => onChange(valuesOf(chosen))}
      formatOptionLabel={format}
      placeholder={placeholder}
      noOptionsMessage={() => 'No actions in this range'}
    />
  );
}

export function groupActions(facets: readonly FacetValue[]): GroupedOptions[] {
  const byObject = new Map<string, FacetValue[]>();
  for (const facet of facets) {
    const object = actionObject(facet.value);
    byObject.set(object, [...(byObject.get(object) ?? []), facet]);
  }
  return [...byObject.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([object, actions]) => ({
      label: object,
      options: [
        ...(actions.length > 1
          ? [
              {
                value: `${object}.*`,
                label: `any ${object} action`,
                count: actions.reduce((sum, a) => sum + a.count, 0),
              },
            ]
          : []),
        ...actions
          .sort((a, b) => a.value.localeCompare(b.value))
          .map((a) => ({ value: a.value, label: a.value, count: a.count })),
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
