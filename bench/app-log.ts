/**
 * The app logs what it does as it would on Forge: every migration applied, every seal run, every
 * delivery that failed and when it will be retried. A benchmark runs hundreds of those on purpose (the
 * forwarding part takes every receiver down), and they would bury its tables. Informational and warning
 * lines are counted instead of printed; errors still print.
 */
const held = new Map<string, number>();
/** The prefixes the app's own log lines start with (src/: `console.info('schema: applied …')`). */
const APP_SOURCES = new Set([
  'audit-import',
  'capture',
  'daily',
  'export',
  'forward',
  'insights',
  'privacy',
  'retention',
  'schema',
  'seal',
  'seal-and-forward',
  'settings',
  'tokens',
]);

let holding = false;

export function holdAppLogs(): void {
  if (holding) return;
  holding = true;
  for (const level of ['log', 'info', 'warn'] as const) {
    const print = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      const line = typeof args[0] === 'string' ? args[0] : '';
      const source = /^([a-z-]+): /.exec(line)?.[1];
      if (source === undefined || !APP_SOURCES.has(source)) return print(...args);
      held.set(source, (held.get(source) ?? 0) + 1);
    };
  }
}

/** "app log lines held back: forward 56, schema 4" — or nothing when none were. */
export function heldAppLogs(): string {
  if (held.size === 0) return '';
  return `(app log lines held back: ${[...held].map(([source, n]) => `${source} ${n}`).join(', ')})`;
}
