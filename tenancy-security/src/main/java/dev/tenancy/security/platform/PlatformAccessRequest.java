package dev.tenancy.security.platform;

import dev.tenancy.core.TenantId;

/**
 * A platform administrator's request into a tenant, as resolved and waiting to be recorded.
 *
 * @param tenant the tenant selected
 * @param actor the administrator, as the authentication names them
 * @param reason why, as the request says
 * @param detail the request's method and path, and the token's issuer and id where it has them
 * @param readOnly whether the administrator may only read the tenant's data
 */
record PlatformAccessRequest(TenantId tenant, String actor, String reason, String detail, boolean readOnly) {

}
