package io.orgcredentials.keycloak.v26_7;

import com.google.auto.service.AutoService;
import io.orgcredentials.keycloak.CredentialConstants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorFactory;

/** Registered through a services file that Keycloak 26.4 and 26.5 ignore: they have no token-interceptor SPI. */
@AutoService(TokenPostProcessorFactory.class)
public class CredentialTokenInterceptorFactory implements TokenPostProcessorFactory {

    @Override
    public TokenPostProcessor create(KeycloakSession session) {
        return new CredentialTokenInterceptor(session);
    }

    @Override
    public String getId() {
        return CredentialConstants.EXTENSION;
    }

    /** Lowest order runs last (Keycloak sorts descending), so the credential's shape is the final word. */
    @Override
    public int order() {
        return -1000;
    }
}
