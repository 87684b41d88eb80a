export * from './message.js';
export * from './schema/index.js';
import { registerSchema } from './message.js';
import * as of10 from './of10/schema.js';
registerSchema({ wire: 1, label: '1.0', message: of10.message, defs: {}, enums: {} });
