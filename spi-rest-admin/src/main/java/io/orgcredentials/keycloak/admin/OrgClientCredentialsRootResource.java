package io.orgcredentials.keycloak.admin;

import io.orgcredentials.keycloak.OrgCredentialsConstants;
import io.orgcredentials.keycloak.admin.credentials.OrganizationResource;
import io.orgcredentials.keycloak.admin.setup.SetupResource;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * The realm's root of the API, {@code /admin/realms/{realm}/org-client-credentials}: the realm's set-up and, one
 * level down, each organization ({@link OrganizationResource}). Keycloak has authenticated the admin before this
 * point but checked no role: every resource below checks its own permissions.
 */
public class OrgClientCredentialsRootResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public OrgClientCredentialsRootResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                                            AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @Path(OrgCredentialsConstants.SETUP)
    public SetupResource setup() {
        return new SetupResource(session, realm, auth, adminEvent);
    }

    /**
     * The organization is looked up by the resource, after its permission check: a caller without the right gets
     * 403 whether or not the organization exists.
     */
    @Path(OrgCredentialsConstants.ORGANIZATIONS + "/{orgId}")
    public OrganizationResource organization(@PathParam("orgId") String orgId) {
        return new OrganizationResource(session, realm, auth, adminEvent, orgId);
    }
}
