import { useCallback } from 'react';
import { useHost } from '../host-context';
import { formatTime } from './zoned-time';

/** Formats an instant (ISO text or epoch ms) in the user's time zone and locale, as every tab shows it. */
export function useFormatTime(): (at: string | number) => string {
  const { timeZone, locale } = useHost();
  return useCallback((at: string | number) => formatTime(at, timeZone, locale), [timeZone, locale]);
}
