package io.orgcredentials.keycloak.clientpolicy.executor;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.orgcredentials.keycloak.CredentialConstants;
import io.orgcredentials.keycloak.check.TokenRefusal;
import io.orgcredentials.keycloak.compat.ServerCompatibility;
import io.orgcredentials.keycloak.credential.Credential;
import io.orgcredentials.keycloak.token.CredentialTokenShaper;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.ClientCRUDContext;
import org.keycloak.services.clientpolicy.context.ClientSecretRotationContext;
import org.keycloak.services.clientpolicy.context.ServiceAccountTokenResponseContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * Keeps a credential's fixed parts fixed against Keycloak's generic client admin API: its organization, expiry,
 * name and secret hash, its authenticator, its service-account set-up and its client scopes. It also refuses
 * generic creation of credential-shaped clients, which only the org-client-credentials API may make.
 * Renaming the client's display name, its description and enabling/disabling it stay allowed.
 */
public class CredentialGuardExecutor
        implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

    @Override
    public String getProviderId() {
        return CredentialConstants.GUARD_EXECUTOR_ID;
    }

    private final KeycloakSession session;

    public CredentialGuardExecutor(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        if (context instanceof ServiceAccountTokenResponseContext response) {
            shapeToken(response);
            return;
        }
        switch (context.getEvent()) {
            case REGISTER -> throw reject("Organization client credentials are created only through "
                    + "/admin/realms/{realm}/org-client-credentials/organizations/{orgId}/clients");
            case UPDATE -> {
                // The admin API (AdminClientUpdateContext) and Dynamic Client Registration (DynamicClientUpdateContext,
                // with a registration access token or a manage-clients bearer token) alike.
                if (context instanceof ClientCRUDContext update) {
                    Optional<String> change = forbiddenChange(update.getTargetClient(),
                            update.getProposedClientRepresentation());
                    if (change.isPresent()) {
                        throw reject("The " + change.get() + " of an organization client credential is fixed at "
                                + "creation; delete the credential and create a new one instead");
                    }
                }
            }
            case UPDATED -> {
                if (context instanceof ClientSecretRotationContext) {
                    throw reject("Organization client credentials keep only a hash of their secret, which cannot be "
                            + "regenerated; delete the credential and create a new one instead");
                }
            }
            default -> {
            }
        }
    }

    /**
     * On Keycloak versions without the token-interceptor SPI this is where a credential's token gets its shape:
     * after Keycloak built it, before it is signed. Where the SPI exists, the interceptor does it for every token.
     */
    private void shapeToken(ServiceAccountTokenResponseContext response) throws ClientPolicyException {
        if (ServerCompatibility.current().hasTokenInterceptor()) {
            return;
        }
        AuthenticatedClientSessionModel clientSession = response.getClientSession();
        try {
            CredentialTokenShaper.shape(session, clientSession.getRealm(), clientSession.getClient(),
                    clientSession.getNote(OAuth2Constants.SCOPE), response.getAccessTokenResponseBuilder().getAccessToken());
        } catch (TokenRefusal refusal) {
            throw new ClientPolicyException(refusal.error(), refusal.description());
        }
    }

    /** What the proposed representation would change that must stay as it is; empty when nothing. */
    static Optional<String> forbiddenChange(ClientModel client, ClientRepresentation proposed) {
        if (proposed == null) {
            return Optional.empty();
        }
        if (!Credential.isCredential(client)) {
            return Optional.of("credential marking");
        }
        if (proposed.getClientId() != null && !proposed.getClientId().equals(client.getClientId())) {
            return Optional.of("client id");
        }
        Map<String, String> attributes = proposed.getAttributes();
        if (attributes != null) {
            for (String attribute : Credential.ATTRIBUTES) {
                if (attributes.containsKey(attribute)
                        && !Objects.equals(attributes.get(attribute), client.getAttribute(attribute))) {
                    return Optional.of("attribute " + attribute);
                }
            }
        }
        if (proposed.getClientAuthenticatorType() != null
                && !proposed.getClientAuthenticatorType().equals(client.getClientAuthenticatorType())) {
            return Optional.of("client authenticator");
        }
        if (proposed.getSecret() != null && !proposed.getSecret().equals(client.getSecret())) {
            return Optional.of("secret");
        }
        if (Boolean.TRUE.equals(proposed.isPublicClient()) || Boolean.TRUE.equals(proposed.isBearerOnly())
                || Boolean.FALSE.equals(proposed.isServiceAccountsEnabled())) {
            return Optional.of("service-account set-up");
        }
        if (Boolean.TRUE.equals(proposed.isStandardFlowEnabled()) || Boolean.TRUE.equals(proposed.isImplicitFlowEnabled())
                || Boolean.TRUE.equals(proposed.isDirectAccessGrantsEnabled())) {
            return Optional.of("set of grants (no user login flows)");
        }
        if (attributes != null) {
            for (String grant : Credential.FORBIDDEN_GRANT_ATTRIBUTES) {
                if (Boolean.parseBoolean(attributes.get(grant))) {
                    return Optional.of("setting " + grant);
                }
            }
        }
        if (Boolean.TRUE.equals(proposed.isFullScopeAllowed()) && !client.isFullScopeAllowed()) {
            return Optional.of("role scope");
        }
        if (changesScopes(proposed.getDefaultClientScopes(), client, true)
                || changesScopes(proposed.getOptionalClientScopes(), client, false)) {
            return Optional.of("set of client scopes");
        }
        return Optional.empty();
    }

    private static boolean changesScopes(List<String> proposed, ClientModel client, boolean defaultScopes) {
        if (proposed == null) {
            return false;
        }
        Set<String> current = new HashSet<>();
        client.getClientScopes(defaultScopes).values().stream().map(ClientScopeModel::getName).forEach(current::add);
        return !current.equals(new HashSet<>(proposed));
    }

    private static ClientPolicyException reject(String description) {
        return new ClientPolicyException(OAuthErrorException.INVALID_REQUEST, description);
    }
}
