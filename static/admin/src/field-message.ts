import type { ApiError } from './api';

/**
 * A resolver's refusal as a form says it. The resolver names the field by its key
 * (`retention.maxAgeDays: must be at least 1`), which is right for scripts and wrong for a person: under
 * its field the message needs no name at all, elsewhere the field goes by the label the form shows.
 */
export function withoutFieldKey(error: ApiError): string {
  const prefix = error.field ? `${error.field}: ` : undefined;
  return prefix && error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}

/** The message with its field named by the form's label: the label of the field, or of the part it is in. */
export function fieldMessage(error: ApiError, labels: Readonly<Record<string, string>>): string {
  if (!error.field) return error.message;
  const parts = error.field.split('.');
  for (let n = parts.length; n > 0; n -= 1) {
    const label = labels[parts.slice(0, n).join('.')];
    if (label) return `${label}: ${withoutFieldKey(error)}`;
  }
  return error.message;
}
