package io.orgcredentials.keycloak.admin.permissions;

import io.orgcredentials.keycloak.admin.common.OrganizationLookup;
import io.orgcredentials.keycloak.admin.credentials.CredentialsCaller;
import io.orgcredentials.keycloak.http.ApiError;
import io.orgcredentials.keycloak.permissions.OrganizationAccess;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * An admin, as Keycloak's admin permissions see them. Where Keycloak has organization permissions (26.7), they
 * alone decide, as for Keycloak's own organization endpoints: the view-/manage-organizations roles, or a
 * 'view'/'manage' permission on this one organization, so that an admin delegated one organization needs no
 * realm-wide role. Elsewhere (26.4/26.5) the realm-wide clients role comes first, then manage-realm, which those
 * versions ask for every organization. The limit needs manage-realm everywhere.
 */
public final class AdminCaller implements CredentialsCaller {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder events;
    private final OrganizationAccess access;

    public AdminCaller(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                       AdminEventBuilder events) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.events = events;
        this.access = OrganizationAccess.of(session, auth);
    }

    @Override
    public OrganizationModel organization(String idOrAlias, Right right) {
        if (!access.isDelegable() && !hasClientsRole(right)) {
            throw ApiError.forbidden(neededRight(right));
        }
        OrganizationModel organization = OrganizationLookup.lookup(session, realm, idOrAlias);
        if (organization == null) {
            if (!access.canViewAll()) {
                throw ApiError.forbidden(neededRight(right));
            }
            throw OrganizationLookup.notFound(realm, idOrAlias);
        }
        if (!may(right, organization)) {
            throw ApiError.forbidden(neededRight(right));
        }
        return organization;
    }

    @Override
    public boolean may(Right right, OrganizationModel organization) {
        boolean onOrganization = right == Right.VIEW ? access.canView(organization) : access.canManage(organization);
        return onOrganization && (access.isDelegable() || hasClientsRole(right));
    }

    @Override
    public boolean mayChangeLimit() {
        return auth.realm().canManageRealm();
    }

    @Override
    public String limitRefusal() {
        return "Changing an organization's client credential limit needs the manage-realm role";
    }

    @Override
    public boolean mayNameManagers(OrganizationModel organization) {
        return may(Right.MANAGE, organization);
    }

    @Override
    public String managersRefusal() {
        return neededRight(Right.MANAGE);
    }

    @Override
    public AdminEventBuilder events() {
        return events;
    }

    private boolean hasClientsRole(Right right) {
        return right == Right.VIEW ? auth.clients().canView() : auth.clients().canManage();
    }

    /** What Keycloak itself asks of an admin who reaches an organization, in this version's words. */
    private String neededRight(Right right) {
        String what = right == Right.VIEW ? "view" : "manage";
        String doing = right == Right.VIEW ? "Reading" : "Managing";
        if (access.isDelegable()) {
            // Never "you lack a permission": the caller may hold one that Keycloak does not honour, because where
            // several permissions cover an organization and scope, Keycloak grants only what every one grants.
            return doing + " client credentials needs the " + what + "-organizations role, or '" + what
                    + "' on the organization granted by Keycloak's admin permissions, which do not grant it to you "
                    + "(where several permissions cover the organization, every one of them must)";
        }
        return doing + " client credentials needs the " + what + "-clients role and the manage-realm role, which this "
                + "Keycloak version requires for organizations";
    }
}
