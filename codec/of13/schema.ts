/** OpenFlow 1.3 schema: every definition, re-exported by spec name. */
export * from './common.js';
export * from './oxm.js';
export * from './match.js';
export * from './actions.js';
export * from './instructions.js';
export * from './group-meter.js';
export * from './table-features.js';
export * from './multipart.js';
export * from './messages.js';
