import type { Logger } from '@forge/cli-shared';

/** The Forge CLI's logger interface over the console, without its debug and trace chatter. */
export const forgeLogger: Logger = {
  traceEnabled: false,
  debugEnabled: false,
  trace: () => undefined,
  debug: () => undefined,
  info: (message) => console.log(message),
  warn: (message) => console.warn(message),
  error: (error) => console.error(error),
};
