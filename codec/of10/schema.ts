/** OpenFlow 1.0 schema: every definition, re-exported from the files that describe them by concept. */
export * from './common.js';
export * from './actions.js';
export * from './stats.js';
export * from './messages.js';
