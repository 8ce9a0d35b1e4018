import Lozenge, { type ThemeAppearance } from '@atlaskit/lozenge';
import type { AlertStatus } from '@contract';

const LOOK: Readonly<Record<AlertStatus, { label: string; appearance: ThemeAppearance }>> = {
  open: { label: 'Open', appearance: 'removed' },
  acknowledged: { label: 'Acknowledged', appearance: 'inprogress' },
  resolved: { label: 'Resolved', appearance: 'success' },
};

export const STATUS_OPTIONS = (Object.keys(LOOK) as AlertStatus[]).map((value) => ({
  value,
  label: LOOK[value].label,
}));

export function StatusLozenge({ status }: { readonly status: AlertStatus }) {
  return <Lozenge appearance={LOOK[status].appearance}>{LOOK[status].label}</Lozenge>;
}
