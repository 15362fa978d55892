package io.orgcredentials.keycloak.admin.credentials;

import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orgcredentials.keycloak.admin.ApiError;
import io.orgcredentials.keycloak.admin.InvalidInputException;
import io.orgcredentials.keycloak.admin.JsonBody;
import io.orgcredentials.keycloak.admin.OrgClientCredentialsResource;
import io.orgcredentials.keycloak.admin.permissions.OrganizationAccess;
import io.orgcredentials.keycloak.admin.setup.RealmSetup;
import io.orgcredentials.keycloak.compat.ServerCompatibility;
import io.orgcredentials.keycloak.credential.CredentialStore;
import io.orgcredentials.keycloak.settings.CredentialSettings;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.NoCache;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** {@code /admin/realms/{realm}/org-client-credentials/organizations/{orgId}}: an organization's credentials and limit. */
public class OrganizationCredentialsResource {

    static final int DEFAULT_MAX = 100;
    static final int LARGEST_MAX = 1000;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final String orgId;

    public OrganizationCredentialsResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                                           AdminEventBuilder adminEvent, String orgId) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
        this.orgId = orgId;
    }

    @GET
    @Path("clients")
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    public List<CredentialRepresentation> list(@QueryParam("status") String status, @QueryParam("first") String first,
                                               @QueryParam("max") String max) {
        OrganizationModel organization = viewableOrganization();
        CredentialStore.Status filter = statusFilter(status);
        int from = intParam("first", first, 0, 0, Integer.MAX_VALUE);
        int count = intParam("max", max, DEFAULT_MAX, 1, LARGEST_MAX);
        return new CredentialManager(session, realm).list(organization, filter, from, count, CredentialManager.now());
    }

    @POST
    @Path("clients")
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(InputStream body) {
        OrganizationModel organization = manageableOrganization();
        Instant now = CredentialManager.now();
        ObjectNode json = JsonBody.readObject(session.getContext().getHttpRequest(), body, CredentialRequest.FIELDS);
        CredentialRequest request;
        try {
            request = CredentialRequest.from(json, CredentialSettings.of(session), now);
        } catch (InvalidInputException invalid) {
            throw ApiError.invalidRequest(invalid.getMessage());
        }
        RealmSetup.requireReady(session, realm);

        CredentialManager.Created created = new CredentialManager(session, realm).create(organization, request, now);
        CredentialRepresentation credential = created.credential();
        adminEvent.operation(OperationType.CREATE)
                .resource(ResourceType.CLIENT)
                .resourcePath(eventPath(credential.clientId()))
                .representation(credential) // never the secret: it is not part of this object
                .success();

        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        noStore.setNoCache(true);
        URI location = session.getContext().getUri().getAbsolutePathBuilder().path(credential.clientId()).build();
        return Response.created(location)
                .cacheControl(noStore)
                .header("Pragma", "no-cache")
                .entity(credential.withSecret(created.secret()))
                .build();
    }

    @GET
    @Path("clients/{clientId}")
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    public CredentialRepresentation get(@PathParam("clientId") String clientId) {
        OrganizationModel organization = viewableOrganization();
        CredentialManager manager = new CredentialManager(session, realm);
        ClientModel client = manager.find(organization, clientId).orElseThrow(() -> unknown(clientId, organization));
        return manager.toRepresentation(client, organization, CredentialManager.now());
    }

    @DELETE
    @Path("clients/{clientId}")
    public Response delete(@PathParam("clientId") String clientId) {
        OrganizationModel organization = manageableOrganization();
        CredentialManager manager = new CredentialManager(session, realm);
        ClientModel client = manager.find(organization, clientId).orElseThrow(() -> unknown(clientId, organization));
        CredentialRepresentation before = manager.toRepresentation(client, organization, CredentialManager.now());
        manager.delete(client);
        adminEvent.operation(OperationType.DELETE)
                .resource(ResourceType.CLIENT)
                .resourcePath(eventPath(before.clientId()))
                .representation(before)
                .success();
        return Response.noContent().build();
    }

    @GET
    @Path("limit")
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    public LimitRepresentation getLimit() {
        return new CredentialManager(session, realm).limit(viewableOrganization());
    }

    /** An extension of the contract: what the caller may do here (the console tab enables its buttons by it). */
    @GET
    @Path("access")
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    public AccessRepresentation access() {
        OrganizationModel organization = viewableOrganization();
        boolean manage = auth.clients().canManage() && OrganizationAccess.of(auth).canManage(organization);
        return new AccessRepresentation(true, manage, auth.realm().canManageRealm());
    }

    @PUT
    @Path("limit")
    @Produces(MediaType.APPLICATION_JSON)
    public LimitRepresentation setLimit(InputStream body) {
        if (!auth.realm().canManageRealm()) {
            throw ApiError.forbidden("Changing an organization's client credential limit needs the manage-realm role");
        }
        OrganizationModel organization = OrgClientCredentialsResource.findOrganization(session, realm, orgId);
        // "used" and "available" are accepted and ignored, so that a GET response can be sent back (kcadm.sh update).
        ObjectNode json = JsonBody.readObject(session.getContext().getHttpRequest(), body,
                Set.of("limit", "used", "available"));
        int maximum = CredentialSettings.of(session).maximumLimit();
        JsonNode limit = json.get("limit");
        if (limit == null || !limit.isIntegralNumber() || !limit.canConvertToInt()
                || limit.intValue() < 0 || limit.intValue() > maximum) {
            throw ApiError.invalidRequest("'limit' must be a whole number from 0 to " + maximum);
        }
        LimitRepresentation result = new CredentialManager(session, realm).setLimit(organization, limit.intValue());
        adminEvent.operation(OperationType.UPDATE)
                .resource(ResourceType.ORGANIZATION)
                .resourcePath("org-client-credentials", "organizations", organization.getId(), "limit")
                .representation(result)
                .success();
        return result;
    }

    private OrganizationModel viewableOrganization() {
        String needed = "Reading client credentials needs the view-clients role and " + organizationRight("view");
        if (!auth.clients().canView()) {
            throw ApiError.forbidden(needed);
        }
        OrganizationModel organization = OrgClientCredentialsResource.findOrganization(session, realm, orgId);
        if (!OrganizationAccess.of(auth).canView(organization)) {
            throw ApiError.forbidden(needed);
        }
        return organization;
    }

    private OrganizationModel manageableOrganization() {
        String needed = "Managing client credentials needs the manage-clients role and " + organizationRight("manage");
        if (!auth.clients().canManage()) {
            throw ApiError.forbidden(needed);
        }
        OrganizationModel organization = OrgClientCredentialsResource.findOrganization(session, realm, orgId);
        if (!OrganizationAccess.of(auth).canManage(organization)) {
            throw ApiError.forbidden(needed);
        }
        return organization;
    }

    /** What Keycloak itself asks of an admin who reaches an organization, in this version's words. */
    private static String organizationRight(String what) {
        return ServerCompatibility.current().hasOrganizationPermissions()
                ? "the " + what + "-organizations role (or a '" + what + "' permission on the organization)"
                : "the manage-realm role, which this Keycloak version requires for organizations";
    }

    private static String[] eventPath(String clientId) {
        return new String[]{"org-client-credentials", "clients", clientId};
    }

    private static RuntimeException unknown(String clientId, OrganizationModel organization) {
        return ApiError.notFound("Organization " + organization.getAlias() + " has no client credential '"
                + JsonBody.printable(String.valueOf(clientId)) + "'");
    }

    private static CredentialStore.Status statusFilter(String status) {
        if (status == null || status.isEmpty()) {
            return CredentialStore.Status.ANY;
        }
        return switch (status) {
            case CredentialRepresentation.ACTIVE -> CredentialStore.Status.ACTIVE;
            case CredentialRepresentation.EXPIRED -> CredentialStore.Status.EXPIRED;
            default -> throw ApiError.invalidRequest("'status' must be active or expired");
        };
    }

    private static int intParam(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiError.invalidRequest("'" + name + "' must be a whole number from " + min + " to " + max);
    }
}
