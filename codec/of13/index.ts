import type { VersionSchema } from '../message.js';

/** OpenFlow 1.3 (wire version 0x04): not described yet. */
export const of13: VersionSchema | undefined = undefined;
