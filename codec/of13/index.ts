import type { VersionSchema } from '../message.js';
import type { StructDef, UnionDef } from '../schema/types.js';
import * as s from './schema.js';
import { enums } from './enums.js';
// The compiled path's OXM codec (registers itself as the twin of oxm.ts's custom definitions).
import './oxm-compiled.js';
import './oxm-encode.js';

export * from './enums.js';
export { OXM_OFB_FIELDS, oxmField } from './oxm.js';

/** OpenFlow 1.3 (wire version 0x04). */
export const of13: VersionSchema = {
  wire: 0x04, label: '1.3', message: s.message,
  defs: {
    ...Object.fromEntries(Object.entries(s).filter(([, v]) =>
      typeof v === 'object' && v !== null && 'kind' in v && (v.kind === 'struct' || v.kind === 'union'))) as Record<string, StructDef | UnionDef>,
    ...s.multipartVariants,
  },
  enums,
};
