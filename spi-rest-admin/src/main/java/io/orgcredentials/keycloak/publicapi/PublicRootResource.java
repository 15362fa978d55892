package io.orgcredentials.keycloak.publicapi;

import java.util.List;

import io.orgcredentials.keycloak.CredentialConstants;
import io.orgcredentials.keycloak.admin.credentials.OrganizationResource;
import io.orgcredentials.keycloak.jsontoken.JsonTokenResource;
import io.orgcredentials.keycloak.publicapi.members.Member;
import io.orgcredentials.keycloak.publicapi.members.MemberCaller;
import io.orgcredentials.keycloak.publicapi.members.MemberOrganizationRepresentation;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.NoCache;
import org.keycloak.models.KeycloakSession;

/**
 * The realm's public root of the extension, {@code /realms/{realm}/org-client-credentials}: the JSON token
 * endpoint (for credentials), and the members' API (for people, with their own access token from the
 * self-service client): their organizations and each organization's credentials, with the admin API's JSON and
 * errors.
 */
public class PublicRootResource {

    private final KeycloakSession session;

    public PublicRootResource(KeycloakSession session) {
        this.session = session;
    }

    @Path("token")
    public JsonTokenResource token() {
        return new JsonTokenResource(session);
    }

    /** The caller's organizations, and what they may do in each: what the self-service page starts from. */
    @GET
    @Path("organizations")
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    public List<MemberOrganizationRepresentation> organizations() {
        return Member.authenticate(session).organizations();
    }

    /** The self-service page; its address ends in a slash, so that its assets resolve below it. */
    @GET
    @Path(CredentialConstants.PORTAL)
    public Response portalWithoutSlash() {
        return Response.seeOther(session.getContext().getUri().getAbsolutePathBuilder().path("/").build()).build();
    }

    @GET
    @Path(CredentialConstants.PORTAL + "/{file: .*}")
    public Response portal(@PathParam("file") String file) {
        return SelfServicePage.serve(file);
    }

    @Path(CredentialConstants.ORGANIZATIONS + "/{orgId}")
    public OrganizationResource organization(@PathParam("orgId") String orgId) {
        Member member = Member.authenticate(session);
        return new OrganizationResource(session, session.getContext().getRealm(), new MemberCaller(session, member),
                orgId);
    }
}
