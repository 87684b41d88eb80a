export * from './types.js';
export * from './define.js';
export * from './errors.js';
export { decodeDef, readScalar, readUint } from './decode.js';
export type { Value, Decoded } from './decode.js';
export { encodeDef, writeScalar, writeUint, toBytes } from './encode.js';
export { GrowBuffer } from './writer.js';
export { toJSON, toJSONValue } from './json.js';
export * from './scalars.js';
