import { AsyncSelect } from '@atlaskit/select';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { searchPeople } from '../api';
import { peopleSettled, personOf, rememberPeople } from './people';
import { selected, useFormatOption, valuesOf, type MultiPickerProps, type PickOption } from './pick-option';

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
