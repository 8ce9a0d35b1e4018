/**
 * Blocks decompressed since the process started: how the benchmark sees whether a filtered read opened
 * only the blocks its summaries allowed. A plain counter: reading and resetting it is the caller's.
 */
export const blockStats = { decoded: 0 };
