package io.orgcredentials.keycloak.permissions;

import org.keycloak.provider.Provider;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * Keycloak's own permissions on single organizations, where the server has them (26.7+): the one provider lives in
 * {@code spi-keycloak-26-7}, compiled against that API, and is loaded only on such a server. Elsewhere there is no
 * provider, and {@link OrganizationAccess#of} falls back to what 26.4 and 26.5 require.
 */
public interface OrganizationPermissionsProvider extends Provider {

    OrganizationAccess access(AdminPermissionEvaluator auth);

    @Override
    default void close() {
    }
}
