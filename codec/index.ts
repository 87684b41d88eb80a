/**
 * nodeflow/codec: the OpenFlow codec alone, usable without the controller.
 * Importing it registers every supported wire version.
 */
export * from './message.js';
export * from './stream/index.js';
export * from './schema/index.js';
export * from './hot.js';
export * from './version-names.js';
export * from './message-types.js';
export type { Oxm, OxmBasic, OxmOpaque, OxmInput, OxmOf } from './of13/oxm-types.js';
import { registerSchema } from './message.js';
import { of10 } from './of10/index.js';
import { of13 } from './of13/index.js';
import { of14 } from './of14/index.js';
import { of15 } from './of15/index.js';
import { NEGOTIATION_ONLY_VERSIONS, negotiationSchema } from './negotiation.js';
export { of10, of13, of14, of15 };
export { negotiationSchema };

registerSchema(of10);
if (of13) registerSchema(of13);
registerSchema(of14);
registerSchema(of15);
for (const wire of NEGOTIATION_ONLY_VERSIONS) registerSchema(negotiationSchema(wire), true);
