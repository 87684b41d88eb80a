/**
 * nodeflow/codec: the OpenFlow codec alone, usable without the controller.
 * Importing it registers every supported wire version.
 */
export * from './message.js';
export * from './schema/index.js';
export * from './hot.js';
import { registerSchema } from './message.js';
import { of10 } from './of10/index.js';
import { of13 } from './of13/index.js';
export { of10, of13 };

registerSchema(of10);
if (of13) registerSchema(of13);
