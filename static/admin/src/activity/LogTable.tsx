import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { AuditRecord } from '@contract';
import type { ApiError } from '../api';
import { useHost } from '../host-context';
import { LogFoot } from './LogFoot';
import { LogHead } from './LogHead';
import { LogRow, ROW_HEIGHT } from './LogRow';

interface Props {
  readonly items: readonly AuditRecord[];
  readonly hasMore: boolean;
  readonly loadingMore: boolean;
  readonly moreError?: ApiError;
  readonly onLoadMore: () => void;
  readonly onOpen: (record: AuditRecord) => void;
  /** The record open in the drawer, highlighted. */
  readonly openId?: string;
}

/** Start loading the next page this many rows before the end, so scrolling rarely waits. */
const PREFETCH_ROWS = 60;

/**
 * The log as a grid: only the rows in view (plus a few) are in the DOM, so 10,000 or 100,000 loaded
 * rows scroll as smoothly as 50. Rows have a fixed height, which keeps the scroll position exact.
 *
 * Keyboard: the grid is one tab stop; ↑/↓, Page Up/Down, Home/End move between rows (loading more
 * at the end), Enter or Space opens the record, Tab reaches the focused row's link.
 */
export function LogTable({ items, hasMore, loadingMore, moreError, onLoadMore, onOpen, openId }: Props) {
  const host = useHost();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const focusWanted = useRef(false);
  // The rule warns that React Compiler cannot memoise around TanStack Virtual's mutable virtualizer.
  // This page is not compiled, and the hooks below depend on the virtualizer object itself, which
  // stays the same instance from render to render.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // Render new rows in React's next batch rather than synchronously inside each scroll event: the
    // overscan covers the gap, and fast scrolling no longer renders once per event.
    useFlushSync: false,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const lastShown = virtualRows[virtualRows.length - 1]?.index ?? 0;

  useEffect(() => {
    if (hasMore && !loadingMore && !moreError && lastShown >= items.length - PREFETCH_ROWS) onLoadMore();
  }, [lastShown, items.length, hasMore, loadingMore, moreError, onLoadMore]);

  // A new result set starts at its first row.
  const first = items[0]?.id;
  useEffect(() => {
    setActive(0);
    virtualizer.scrollToOffset(0);
  }, [first, virtualizer]);

  const clampedActive = Math.min(active, Math.max(0, items.length - 1));

  useEffect(() => {
    if (!focusWanted.current) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${clampedActive}"]`);
    if (row) {
      focusWanted.current = false;
      row.focus({ preventScroll: true });
    }
  });

  const move = useCallback(
    (to: number) => {
      const next = Math.max(0, Math.min(items.length - 1, to));
      focusWanted.current = true;
      setActive(next);
      virtualizer.scrollToIndex(next, { align: 'auto' });
    },
    [items.length, virtualizer],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target instanceof HTMLAnchorElement && event.key !== 'ArrowDown' && event.key !== 'ArrowUp')
      return;
    const page = Math.max(
      1,
      Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1,
    );
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(clampedActive + 1),
      ArrowUp: () => move(clampedActive - 1),
      PageDown: () => move(clampedActive + page),
      PageUp: () => move(clampedActive - page),
      Home: () => move(0),
      End: () => move(items.length - 1),
      Enter: () => items[clampedActive] && onOpen(items[clampedActive]),
      ' ': () => items[clampedActive] && onOpen(items[clampedActive]),
    };
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };

  return (
    <div className="log">
      <div
        role="grid"
        aria-label="Activity log"
        aria-rowcount={hasMore ? -1 : items.length + 1}
        aria-colcount={5}
        aria-busy={loadingMore}
        data-loaded={items.length}
      >
        <LogHead timeZone={host.timeZone} locale={host.locale} />
        {/* As tall as its rows, up to the CSS max-height: a short result leaves no empty box. */}
        <div
          role="rowgroup"
          className="log-body"
          ref={scrollRef}
          onKeyDown={onKeyDown}
          style={{ height: virtualizer.getTotalSize() }}
        >
          <div className="log-rows" style={{ height: virtualizer.getTotalSize() }}>
            {virtualRows.map((row) => {
              const record = items[row.index];
              if (!record) return null;
              return (
                <LogRow
                  key={record.id}
                  record={record}
                  index={row.index}
                  top={row.start}
                  isActive={row.index === clampedActive}
                  isOpen={record.id === openId}
                  siteUrl={host.siteUrl}
                  timeZone={host.timeZone}
                  locale={host.locale}
                  onOpen={onOpen}
                  onFocusRow={setActive}
                />
              );
            })}
          </div>
        </div>
      </div>
      <LogFoot
        count={items.length}
        hasMore={hasMore}
        loadingMore={loadingMore}
        onLoadMore={onLoadMore}
        locale={host.locale}
        {...(moreError ? { moreError } : {})}
      />
    </div>
  );
}
