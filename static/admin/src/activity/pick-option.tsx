import type { FormatOptionLabelMeta } from '@atlaskit/select';
import { useCallback } from 'react';
import type { FacetValue } from '@contract';
import { useHost } from '../host-context';

/** One option of a picker; `count` is how many records in the range have it (absent when unknown). */
export interface PickOption {
  readonly value: string;
  readonly label: string;
  readonly count?: number;
}

/** What each multi-value picker of the filter bar takes. */
export interface MultiPickerProps {
  readonly id: string;
  readonly values: readonly string[];
  readonly onChange: (values: string[]) => void;
  readonly placeholder: string;
  /** Undefined while the options load. */
  readonly facets: readonly FacetValue[] | undefined;
}

/** "Alana Grant  1,204": the count, subtle, in the menu only (not in the chosen chips). */
export function useFormatOption() {
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

export function selected(
  values: readonly string[],
  known: readonly PickOption[],
  label: (v: string) => string,
) {
  const byValue = new Map(known.map((o) => [o.value, o]));
  return values.map((v) => byValue.get(v) ?? { value: v, label: label(v) });
}

export const valuesOf = (options: readonly PickOption[] | null | undefined) =>
  (options ?? []).map((o) => o.value);
