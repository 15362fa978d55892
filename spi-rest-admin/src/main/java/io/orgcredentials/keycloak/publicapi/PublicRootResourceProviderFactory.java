package io.orgcredentials.keycloak.publicapi;

import com.google.auto.service.AutoService;
import io.orgcredentials.keycloak.CredentialConstants;
import io.orgcredentials.keycloak.StatelessProviderFactory;
import io.orgcredentials.keycloak.http.JsonBody;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Mounts {@link PublicRootResource} at {@code /realms/{realm}/org-client-credentials}. */
@AutoService(RealmResourceProviderFactory.class)
public class PublicRootResourceProviderFactory
        implements RealmResourceProviderFactory, StatelessProviderFactory<RealmResourceProvider> {

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                JsonBody.refuseMultipart(session.getContext().getHttpRequest());
                return new PublicRootResource(session);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public String getId() {
        return CredentialConstants.EXTENSION;
    }
}
