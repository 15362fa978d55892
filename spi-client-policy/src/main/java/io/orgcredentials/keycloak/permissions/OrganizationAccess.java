package io.orgcredentials.keycloak.permissions;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * May this admin see, or change, this one organization — as the running Keycloak itself decides it for its own
 * organization endpoints. Keycloak 26.7 has roles for organizations and fine-grained permissions per organization
 * ({@code auth.orgs()}); 26.4 and 26.5 have neither and require manage-realm for every organization endpoint.
 */
public interface OrganizationAccess {

    boolean canView(OrganizationModel organization);

    boolean canManage(OrganizationModel organization);

    /**
     * Whether this access decides alone (Keycloak 26.7: organization roles and per-organization permissions, so an
     * admin delegated one organization needs no realm-wide role), or only on top of the realm-wide clients role.
     */
    boolean isDelegable();

    /** Whether the caller may see every organization of the realm (and so may learn that one does not exist). */
    boolean canViewAll();

    /**
     * The implementation the running server supports: Keycloak 26.7's, where the server has organization permissions
     * (a provider of {@code spi-keycloak-26-7} that only such a server loads), else {@link RealmManagerAccess}.
     */
    static OrganizationAccess of(KeycloakSession session, AdminPermissionEvaluator auth) {
        OrganizationPermissionsProvider permissions = session.getProvider(OrganizationPermissionsProvider.class);
        return permissions != null ? permissions.access(auth) : new RealmManagerAccess(auth);
    }

    /** Keycloak 26.4 and 26.5: only manage-realm reaches organizations. */
    record RealmManagerAccess(AdminPermissionEvaluator auth) implements OrganizationAccess {

        @Override
        public boolean canView(OrganizationModel organization) {
            return auth.realm().canManageRealm();
        }

        @Override
        public boolean canManage(OrganizationModel organization) {
            return auth.realm().canManageRealm();
        }

        @Override
        public boolean isDelegable() {
            return false;
        }

        @Override
        public boolean canViewAll() {
            return auth.realm().canManageRealm();
        }
    }
}
