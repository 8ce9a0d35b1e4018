import Select, { AsyncSelect, type FormatOptionLabelMeta } from '@atlaskit/select';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { searchGroups, searchPeople, type ContainerFacet, type FacetCount } from '../api';
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
  readonly facets: readonly FacetCount[] | undefined;
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
  // The names of the options and of the chosen people, as they arrive (not every name the log looks
  // up: the picker re-renders only for its own). Undefined until the first arrive.
  const [names, setNames] = useState<ReadonlyMap<string, string> | undefined>(undefined);
  useEffect(() => {
    if (!facets) return;
    let current = true;
    const ids = facets.map((f) => f.value);
    void peopleSettled(ids).then(() => current && setNames((known) => withNames(known, ids)));
    return () => {
      current = false;
    };
  }, [facets]);
  const chosen = values.join(',');
  useEffect(() => {
    if (!chosen) return;
    let current = true;
    const ids = chosen.split(',');
    void peopleSettled(ids).then(() => current && setNames((known) => withNames(known, ids)));
    return () => {
      current = false;
    };
  }, [chosen]);

  const nameOf = (accountId: string) => names?.get(accountId) ?? accountId;
  const options = useMemo(
    () =>
      (facets ?? [])
        .map((f) => ({ value: f.value, label: names?.get(f.value) ?? f.value, count: f.count }))
        .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
    [facets, names],
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
      key={`${names !== undefined}-${options.length}`}
      defaultOptions={options}
      loadOptions={loadOptions}
      isLoading={!facets || !names}
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

/** `known` and the display names the people cache now has for `ids`. */
function withNames(known: ReadonlyMap<string, string> | undefined, ids: readonly string[]) {
  const next = new Map(known);
  for (const id of ids) {
    const name = personOf(id)?.displayName;
    if (name) next.set(id, name);
  }
  return next;
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

export function groupActions(facets: readonly FacetCount[]): GroupedOptions[] {
  const byObject = new Map<string, FacetCount[]>();
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
}: Omit<MultiPickerProps, 'facets'> & { readonly facets: readonly ContainerFacet[] | undefined }) {
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
