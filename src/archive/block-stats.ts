/**
 * Counts of archive blocks the query paths opened and of those that held a match: how well the
 * summaries prune (bench part `capacity` reads it; the app only adds to it).
 */
export const blockStats = { opened: 0, matched: 0 };
