/**
 * The server's access vocabulary. The role list and the role matrix are browser-safe modules shared
 * with the designer (runtime/definition/roles.ts, server/contract/permissions.ts); server code
 * imports them from here.
 */
export { ROLES, type Role } from '../../runtime/definition/roles.js';
export { PERMISSION_ACTIONS, allows, grantsOf, rolesInWords, type Permission } from '../contract/permissions.js';
