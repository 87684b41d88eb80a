/** Request/reply with switches: the pending table, typed helpers, flow management and their errors. */
export * from './errors.js';
export { DEFAULT_REQUEST_LIMITS, joinParts, type RequestLimits } from './pending.js';
export { Requester, UnsupportedRequestError, type RequestLink, type RequestOptions, type Reply } from './requester.js';
export { SwitchRequester, TABLE_ALL, GROUP_ALL, GROUP_ANY, METER_ALL, QUEUE_ALL, type FlowFilter } from './helpers.js';
export { FlowTable, flowModValue, output, type FlowSpec } from './flows.js';
export { encodeMatch, decodeMatch, FLOW_MATCH_FIELDS, type FlowMatch, type MatchValue, type MatchScalar } from './match.js';
export type * from './results.js';
export { profileFor, requestVersions, type VersionProfile, type StatsKind } from './versions.js';
