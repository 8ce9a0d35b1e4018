import type { ProductImport } from '@contract';

export const MIB = 1024 * 1024;

/** Bytes in the binary units Forge states its limits in (1 GiB per installation). */
export function formatBytes(bytes: number, locale: string): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB'] as const;
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

/** How far the pass under way is: records read, of how many (Confluence does not say), as a share. */
export function importProgress(
  state: ProductImport,
): { readonly read: number; readonly total?: number; readonly share?: number } | undefined {
  const pass = state.pass;
  if (!pass) return undefined;
  if (pass.total === undefined || pass.total === 0) return { read: pass.offset };
  return { read: pass.offset, total: pass.total, share: Math.min(1, pass.offset / pass.total) };
}
