package io.orgcredentials.keycloak.token;

import com.google.auto.service.AutoService;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorFactory;

@AutoService(TokenPostProcessorFactory.class)
public class OrgCredentialTokenShaperFactory implements TokenPostProcessorFactory {

    public static final String ID = "org-client-credentials";

    @Override
    public TokenPostProcessor create(KeycloakSession session) {
        return new OrgCredentialTokenShaper(session);
    }

    @Override
    public String getId() {
        return ID;
    }

    /** Lowest order runs last (Keycloak sorts descending), so the credential's shape is the final word. */
    @Override
    public int order() {
        return -1000;
    }
}
