package io.orgcredentials.keycloak.admin.setup;

import io.orgcredentials.keycloak.OrgCredentialsConstants;
import io.orgcredentials.keycloak.http.ApiError;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.NoCache;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** {@code /admin/realms/{realm}/org-client-credentials/setup}: GET reports, POST installs what is missing. */
public class SetupResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public SetupResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                         AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
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
                    .resourcePath(OrgCredentialsConstants.EXTENSION, OrgCredentialsConstants.SETUP)
                    .representation(report)
                    .success();
        }
        return report;
    }
}
