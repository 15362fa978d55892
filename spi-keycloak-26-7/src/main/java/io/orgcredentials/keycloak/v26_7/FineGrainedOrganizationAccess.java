package io.orgcredentials.keycloak.v26_7;

import io.orgcredentials.keycloak.permissions.OrganizationAccess;
import org.keycloak.models.OrganizationModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * Keycloak 26.7's organization permissions: the view-/manage-organizations roles (and manage-realm), or a
 * fine-grained admin permission (v2) on this one organization.
 */
final class FineGrainedOrganizationAccess implements OrganizationAccess {

    private final AdminPermissionEvaluator auth;

    FineGrainedOrganizationAccess(AdminPermissionEvaluator auth) {
        this.auth = auth;
    }

    /**
     * The right to manage an organization includes seeing it, as everywhere in Keycloak's admin permissions. Keycloak
     * decides a scope unanimously: where two permissions cover one organization and scope, only whom both grant it
     * holds it, and Keycloak's own organization endpoint refuses everyone else; so does this.
     */
    @Override
    public boolean canView(OrganizationModel organization) {
        return auth.orgs().canView(organization) || auth.orgs().canManage(organization);
    }

    @Override
    public boolean canManage(OrganizationModel organization) {
        return auth.orgs().canManage(organization);
    }

    @Override
    public boolean isDelegable() {
        return true;
    }

    /** The view-/manage-organizations roles, manage-realm, or a permission on all organizations. */
    @Override
    public boolean canViewAll() {
        return auth.orgs().canView();
    }

}
