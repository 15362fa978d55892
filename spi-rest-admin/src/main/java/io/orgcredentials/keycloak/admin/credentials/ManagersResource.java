package io.orgcredentials.keycloak.admin.credentials;

import java.util.List;

import io.orgcredentials.keycloak.CredentialConstants;
import io.orgcredentials.keycloak.http.ApiError;
import io.orgcredentials.keycloak.http.PathInput;
import io.orgcredentials.keycloak.manager.OrganizationManagers;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.NoCache;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * An organization's credential managers ({@code .../organizations/{orgId}/managers}): the members who may create,
 * rotate and delete its credentials through the members' API and the self-service page. Everyone who may read the
 * organization's credentials may read the list; only an admin who may manage them names and removes managers.
 */
public class ManagersResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final CredentialsCaller caller;
    private final String orgId;

    ManagersResource(KeycloakSession session, RealmModel realm, CredentialsCaller caller, String orgId) {
        this.session = session;
        this.realm = realm;
        this.caller = caller;
        this.orgId = orgId;
    }

    @GET
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    public List<ManagerRepresentation> list() {
        OrganizationModel organization = caller.organization(orgId, CredentialsCaller.Right.VIEW);
        return new OrganizationManagers(session, realm).managers(organization).map(ManagerRepresentation::of).toList();
    }

    @PUT
    @Path("{userId}")
    public Response add(@PathParam("userId") String userId) {
        OrganizationModel organization = organizationToChange();
        UserModel user = PathInput.isPlausibleId(userId) ? session.users().getUserById(realm, userId) : null;
        if (user == null || user.getServiceAccountClientLink() != null) {
            throw ApiError.notFound("No user '" + PathInput.printable(userId) + "' in realm " + realm.getName());
        }
        if (!session.getProvider(OrganizationProvider.class).isMember(organization, user)) {
            throw ApiError.badRequest(ApiError.NOT_A_MEMBER, "User " + user.getUsername() + " is not a member of "
                    + "organization " + organization.getAlias() + "; only its members can manage its credentials");
        }
        if (new OrganizationManagers(session, realm).add(organization, user)) {
            event(OperationType.CREATE, organization, user.getId()).representation(ManagerRepresentation.of(user))
                    .success();
        }
        return Response.noContent().build();
    }

    @DELETE
    @Path("{userId}")
    public Response remove(@PathParam("userId") String userId) {
        OrganizationModel organization = organizationToChange();
        OrganizationManagers managers = new OrganizationManagers(session, realm);
        if (!PathInput.isPlausibleId(userId) || !managers.isListed(organization, userId)) {
            throw ApiError.notFound("User '" + PathInput.printable(userId) + "' is not a credential manager of "
                    + "organization " + organization.getAlias());
        }
        managers.remove(organization, userId);
        event(OperationType.DELETE, organization, userId).success();
        return Response.noContent().build();
    }

    private OrganizationModel organizationToChange() {
        OrganizationModel organization = caller.organization(orgId, CredentialsCaller.Right.VIEW);
        if (!caller.mayNameManagers(organization)) {
            throw ApiError.forbidden(caller.managersRefusal());
        }
        return organization;
    }

    private org.keycloak.services.resources.admin.AdminEventBuilder event(OperationType operation,
                                                                          OrganizationModel organization,
                                                                          String userId) {
        return caller.events().operation(operation)
                .resource(ResourceType.ORGANIZATION_MEMBERSHIP)
                .resourcePath(CredentialConstants.organizationEventPath(organization.getId(),
                        CredentialConstants.MANAGERS, userId));
    }
}
