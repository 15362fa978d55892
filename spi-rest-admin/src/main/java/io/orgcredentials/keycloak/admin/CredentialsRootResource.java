package io.orgcredentials.keycloak.admin;

import java.io.InputStream;

import io.orgcredentials.keycloak.CredentialConstants;
import io.orgcredentials.keycloak.admin.common.AdminResource;
import io.orgcredentials.keycloak.admin.credentials.OrganizationResource;
import io.orgcredentials.keycloak.admin.hashkeys.HashKeysResource;
import io.orgcredentials.keycloak.admin.permissions.AdminCaller;
import io.orgcredentials.keycloak.admin.setup.SetupResource;
import io.orgcredentials.keycloak.http.ApiError;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * The realm's root of the API, {@code /admin/realms/{realm}/org-client-credentials}: the realm's set-up and, one
 * level down, each organization ({@link OrganizationResource}). Keycloak has authenticated the admin before this
 * point but checked no role: every resource below checks its own permissions.
 */
public class CredentialsRootResource extends AdminResource {

    static final String OPENAPI = "openapi.yaml";
    static final String OPENAPI_MEDIA_TYPE = "application/yaml";
    /** Where the description lives in the jar. */
    public static final String OPENAPI_RESOURCE = "/META-INF/" + CredentialConstants.EXTENSION + "/openapi.yaml";


    public CredentialsRootResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                                            AdminEventBuilder adminEvent) {
        super(session, realm, auth, adminEvent);
    }

    @Path(CredentialConstants.SETUP)
    public SetupResource setup() {
        return new SetupResource(this);
    }

    @Path(CredentialConstants.HASH_KEYS)
    public HashKeysResource hashKeys() {
        return new HashKeysResource(this);
    }

    /**
     * The API's OpenAPI description, as shipped in the jar: for generating clients and for infrastructure-as-code
     * tools. Any authenticated admin may read it; it holds nothing of the realm.
     */
    @GET
    @Path(OPENAPI)
    @Produces(OPENAPI_MEDIA_TYPE)
    public Response openApi() {
        InputStream description = getClass().getResourceAsStream(OPENAPI_RESOURCE);
        if (description == null) {
            throw ApiError.notFound("This build of the extension ships no OpenAPI description");
        }
        return Response.ok(description, OPENAPI_MEDIA_TYPE).build();
    }

    /**
     * The organization is looked up by the resource, after its permission check: a caller without the right gets
     * 403 whether or not the organization exists.
     */
    @Path(CredentialConstants.ORGANIZATIONS + "/{orgId}")
    public OrganizationResource organization(@PathParam("orgId") String orgId) {
        return new OrganizationResource(session, realm, new AdminCaller(session, realm, auth, adminEvent), orgId);
    }
}
