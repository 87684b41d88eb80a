/**
 * The schema compiler: specialised decode and encode functions generated
 * from the same definitions the interpreter walks (codec/schema/decode.ts and
 * encode.ts stay as the reference; tests hold the two to the same answers).
 * Compilation happens once per version, on first use, with `new Function`.
 */
export { compileDecoder, type CompiledDecoder, type DecoderBuild } from './decode.js';
export { compileEncoder, type EncoderBuild } from './encode.js';
export { SLOW, COMPILED_MEMBER_KINDS, compilable } from './support.js';
export { setCompiledTwin, compiledTwin, type CustomTwin } from './twins.js';
export { fastMac, fastIpv4, fastIpv6, SLOW as COMPILED_SLOW } from './support.js';
export { compileNdjson, jsonWriters, type JsonOut, type NdjsonBuild } from './ndjson.js';
