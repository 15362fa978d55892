package io.orgcredentials.keycloak.admin.permissions;

import io.orgcredentials.keycloak.compat.ServerCompatibility;
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

    /** The implementation the running server supports. */
    static OrganizationAccess of(AdminPermissionEvaluator auth) {
        if (ServerCompatibility.current().hasOrganizationPermissions()) {
            return OrganizationAccessSince267.create(auth);
        }
        return new RealmManagerAccess(auth);
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
