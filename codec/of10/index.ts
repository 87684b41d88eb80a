import type { VersionSchema } from '../message.js';
import * as s from './schema.js';
import { enums } from './enums.js';

/** OpenFlow 1.0 (wire version 0x01). */
export const of10: VersionSchema = {
  wire: 0x01, label: '1.0', message: s.message,
  defs: Object.fromEntries(Object.entries(s).filter(([, v]) => typeof v === 'object' && v !== null && 'kind' in v)) as VersionSchema['defs'],
  enums,
};
