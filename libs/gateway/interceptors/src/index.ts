export { ClientAddressResolver } from './lib/client-address';
export { RenameFieldsInterceptor, renameFields } from './lib/rename-fields.interceptor';
export { requestIdOf } from './lib/request-id';
export { RestrictedFields, RoleProjection } from './lib/role-projection';
