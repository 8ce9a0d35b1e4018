/** The formats a destination can send (a destination's `format`). */
export const FORMAT_NAMES = ['native', 'ocsf', 'ecs', 'atlassian'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];
