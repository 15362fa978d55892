package io.orgcredentials.keycloak.v26_7;

import io.orgcredentials.keycloak.check.TokenRefusal;
import io.orgcredentials.keycloak.credential.Credential;
import io.orgcredentials.keycloak.token.CredentialTokenShaper;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.token.TokenInterceptorException;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorContext;

/**
 * Keycloak 26.7's token-interceptor SPI calls this for every token it builds, with no realm configuration, so a
 * credential's token is shaped ({@link CredentialTokenShaper}) even where an admin removed the guard policy, and
 * a credential never gets a token by any grant but client_credentials.
 */
public class CredentialTokenInterceptor implements TokenPostProcessor {

    private final KeycloakSession session;

    public CredentialTokenInterceptor(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void process(TokenPostProcessorContext context) {
        ClientSessionContext clientSessionCtx = context.clientSessionCtx();
        if (clientSessionCtx == null || context.accessToken() == null) {
            return;
        }
        AuthenticatedClientSessionModel clientSession = clientSessionCtx.getClientSession();
        ClientModel client = clientSession.getClient();
        if (!Credential.isCredential(client)) {
            return;
        }
        RealmModel realm = clientSession.getRealm();
        UserModel user = clientSession.getUserSession().getUser();
        String grantType = clientSessionCtx.getAttribute(Constants.GRANT_TYPE, String.class);
        if (!OAuth2Constants.CLIENT_CREDENTIALS.equals(grantType) || context.code() != null
                || context.requestRefreshToken() != null || !client.getId().equals(user.getServiceAccountClientLink())) {
            throw refuse(realm, client, OAuthErrorException.UNAUTHORIZED_CLIENT, "grant_not_allowed",
                    "Client credentials get tokens only with grant_type=client_credentials");
        }
        try {
            CredentialTokenShaper.shape(session, realm, client, clientSession.getNote(OAuth2Constants.SCOPE),
                    context.accessToken());
        } catch (TokenRefusal refusal) {
            throw refuse(realm, client, refusal.error(), refusal.reason(), refusal.description());
        }
    }

    /** Keycloak logs no event on this path by itself, so the refusal is recorded here. */
    private TokenInterceptorException refuse(RealmModel realm, ClientModel client, String error, String reason,
                                             String description) {
        new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.CLIENT_LOGIN)
                .client(client)
                .detail(Details.REASON, reason)
                .error(error);
        return new TokenInterceptorException(error, description);
    }

    @Override
    public void close() {
    }
}
