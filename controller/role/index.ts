/** Controller roles (OpenFlow 1.2+): see role.ts and keeper.ts. */
export { type Role, SlaveError, isStateChanging, ROLE_CODE, roleFromCode } from './role.js';
export { RoleKeeper, isStaleGeneration } from './keeper.js';
