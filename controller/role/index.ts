/** Controller roles (OpenFlow 1.2+): see role.ts and keeper.ts. */
export { type Role, type RoleReply, SlaveError, RoleRequestError, isStateChanging, ROLE_CODE, roleFromCode } from './role.js';
export { RoleKeeper } from './keeper.js';
