import type { ReactNode } from 'react';
import type { StorageStatus } from '@contract';

/** What the Personal data and Tamper evidence reports read: the status, and the tab's formatters. */
export interface ReportProps {
  readonly storage: StorageStatus;
  readonly number: Intl.NumberFormat;
  readonly when: (ms: number | undefined) => ReactNode;
}
