/**
 * Builders of realistic Forge product-event payloads from plain data, for tests and the sandbox seed.
 * Keep this API stable: the seed imports it.
 */
export * from './types';
export * from './event-types';
export * from './jira';
export * from './jira-software';
export * from './confluence';
export * from './samples';
