/**
 * OpenFlow 1.0 schema: every definition, re-exported from the files that
 * describe them by concept (common.ts: header, match, port, queues;
 * actions.ts: standard and Nicira actions; stats.ts; messages.ts).
 *
 * Names follow the 1.0 spec's C structs and fields. Decoded messages are flat
 * (header fields, then body fields), so two body fields the spec also calls
 * `type` are renamed: the stats type of STATS_REQUEST/REPLY is `stats_type`
 * and the error type of ERROR is `error_type`. A stats body is `body` (one
 * struct, or a list of records for flow/table/port/queue replies).
 */
export * from './common.js';
export * from './actions.js';
export * from './stats.js';
export * from './messages.js';
