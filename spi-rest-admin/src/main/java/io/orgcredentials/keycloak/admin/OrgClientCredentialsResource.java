package io.orgcredentials.keycloak.admin;

import io.orgcredentials.keycloak.admin.credentials.OrganizationCredentialsResource;
import io.orgcredentials.keycloak.admin.setup.SetupResource;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/org-client-credentials}. Keycloak has authenticated the admin before this point
 * but checked no role: every resource below checks its own permissions.
 */
public class OrgClientCredentialsResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public OrgClientCredentialsResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                                        AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @Path("setup")
    public SetupResource setup() {
        return new SetupResource(session, realm, auth, adminEvent);
    }

    @Path("organizations/{orgId}")
    public OrganizationCredentialsResource organization(@PathParam("orgId") String orgId) {
        return new OrganizationCredentialsResource(session, realm, auth, adminEvent, orgId);
    }

    /** The organization with this id (or, for convenience, this alias) in the realm; 404 otherwise. */
    public static OrganizationModel findOrganization(KeycloakSession session, RealmModel realm, String idOrAlias) {
        if (!realm.isOrganizationsEnabled()) {
            throw ApiError.conflict(ApiError.SETUP_REQUIRED, "Organizations are not enabled in realm "
                    + realm.getName() + "; run POST /admin/realms/" + realm.getName() + "/org-client-credentials/setup");
        }
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        OrganizationModel organization = null;
        if (JsonBody.isPlausibleId(idOrAlias)) {
            try {
                organization = organizations.getById(idOrAlias);
            } catch (ModelException ofAnotherRealm) {
                // Keycloak throws rather than answering null for the id of another realm's organization: to the
                // caller it is as unknown as any other id.
                organization = null;
            }
            if (organization == null) {
                organization = organizations.getByAlias(idOrAlias);
            }
        }
        if (organization == null) {
            throw ApiError.notFound("No organization '" + JsonBody.printable(String.valueOf(idOrAlias))
                    + "' in realm " + realm.getName());
        }
        return organization;
    }
}
