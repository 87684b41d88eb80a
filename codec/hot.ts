/**
 * The hot-path codec: zero-copy views over received messages and writers
 * into reused output buffers. Both read their offsets from the same schemas
 * as the generic decoder/encoder (codec/message.ts), which stays the
 * reference for tests, the CLI and JSON.
 */
// views: version-neutral interfaces, framing, 1.0 and 1.3 message views, OXM reading
export * from './views/types.js';
export { macKey, writeMacKey } from './views/common.js';
export * from './views/frame.js';
export * from './views/of10.js';
export * from './views/of13.js';
export * from './views/of14.js';
export * from './views/oxm.js';
export * from './views/ether.js';
export * from './views/ports.js';
// writers: the output buffer, the shared header writer, 1.0, 1.3 and version-neutral writers
export * from './writers/out.js';
export * from './writers/header.js';
export * from './writers/of10.js';
export * from './writers/of13.js';
export * from './writers/of15.js';
export type * from './writers/flow-mod-spec.js';
export * from './writers/neutral.js';
