package io.orgcredentials.keycloak.admin;

import com.google.auto.service.AutoService;
import io.orgcredentials.keycloak.CredentialConstants;
import io.orgcredentials.keycloak.StatelessProviderFactory;
import io.orgcredentials.keycloak.http.JsonBody;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** Mounts the API at {@code /admin/realms/{realm}/org-client-credentials}, behind Keycloak's admin authentication. */
@AutoService(AdminRealmResourceProviderFactory.class)
public class CredentialsAdminProviderFactory
        implements AdminRealmResourceProviderFactory, StatelessProviderFactory<AdminRealmResourceProvider>,
        AdminRealmResourceProvider {

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                              AdminEventBuilder adminEvent) {
        JsonBody.refuseMultipart(session.getContext().getHttpRequest());
        return new CredentialsRootResource(session, realm, auth, adminEvent);
    }

    @Override
    public String getId() {
        return CredentialConstants.EXTENSION;
    }

    @Override
    public void close() {
    }
}
