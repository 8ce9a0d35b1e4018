import { readFileSync } from 'node:fs';

/**
 * The JSON objects of an NDJSON file, one per non-blank line (SANDBOX_JIRA_AUDIT / SANDBOX_CONFLUENCE_AUDIT).
 * A line that is not a JSON object stops the sandbox with its file and line number.
 */
export function readNdjsonObjects(file: string): Readonly<Record<string, unknown>>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, index) => {
      if (line.trim() === '') return [];
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw new Error(
          `${file}:${index + 1}: not JSON (${error instanceof Error ? error.message : String(error)})`,
          { cause: error },
        );
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new Error(`${file}:${index + 1}: not a JSON object`);
      }
      return [value as Record<string, unknown>];
    });
}

/** A comma-separated list from the environment, trimmed, empty entries dropped. */
export function listFromEnv(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
