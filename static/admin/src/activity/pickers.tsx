import Select, { AsyncSelect } from '@atlaskit/select';
import { useCallback, useMemo, useState } from 'react';
import type { ContainerFacetValue, FacetValue } from '@contract';
import { searchGroups } from '../api';
import { selected, useFormatOption, valuesOf, type MultiPickerProps, type PickOption } from './pick-option';
import { actionObject } from './record-display';

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
