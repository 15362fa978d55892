package io.orgcredentials.keycloak.admin.setup;

import io.orgcredentials.keycloak.CredentialConstants;
import io.orgcredentials.keycloak.admin.common.AdminResource;
import io.orgcredentials.keycloak.http.ApiError;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.NoCache;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

/** {@code /admin/realms/{realm}/org-client-credentials/setup}: GET reports, POST installs what is missing. */
public class SetupResource extends AdminResource {


    public SetupResource(AdminResource parent) {
        super(parent);
    }

    @GET
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    public SetupReport status() {
        if (!auth.realm().canViewRealm()) {
            throw ApiError.forbidden("Reading the set-up status needs the view-realm role");
        }
        return new RealmSetup(session, realm).check();
    }

    @POST
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    public SetupReport apply() {
        if (!auth.realm().canManageRealm()) {
            throw ApiError.forbidden("Setting up a realm for client credentials needs the manage-realm role");
        }
        SetupReport report = ApiError.mapping(() -> new RealmSetup(session, realm).apply());
        if (!report.changes().isEmpty()) {
            adminEvent.operation(OperationType.UPDATE)
                    .resource(ResourceType.REALM)
                    .resourcePath(CredentialConstants.EXTENSION, CredentialConstants.SETUP)
                    .representation(report)
                    .success();
        }
        return report;
    }
}
