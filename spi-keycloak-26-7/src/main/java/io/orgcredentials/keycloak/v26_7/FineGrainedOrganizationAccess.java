package io.orgcredentials.keycloak.v26_7;

import io.orgcredentials.keycloak.admin.permissions.OrganizationAccess;
import org.keycloak.models.OrganizationModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * Keycloak 26.7's organization permissions: the view-/manage-organizations roles (and manage-realm), or a
 * fine-grained admin permission (v2) on this one organization.
 */
public final class FineGrainedOrganizationAccess implements OrganizationAccess {

    private final AdminPermissionEvaluator auth;

    public FineGrainedOrganizationAccess(AdminPermissionEvaluator auth) {
        this.auth = auth;
    }

    @Override
    public boolean canView(OrganizationModel organization) {
        return auth.orgs().canView(organization);
    }

    @Override
    public boolean canManage(OrganizationModel organization) {
        return auth.orgs().canManage(organization);
    }
}
